/**
 * Structured logging (pino) to standard error, so standard output stays free for answers.
 * Secrets are redacted by key wherever they appear in a logged object, including the request URL
 * and body of a failed Discord call (an interaction token is part of the webhook URL).
 */
import pino from 'pino';

export type Logger = pino.Logger;
export type LogLevel = pino.LevelWithSilent;

export function createLogger(level: LogLevel, destination: pino.DestinationStream = pino.destination({ fd: 2, sync: true })): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: ['token', '*.token', 'discordToken', '*.discordToken', 'err.url', 'err.requestBody'], censor: '[redacted]' },
    },
    destination,
  );
}
