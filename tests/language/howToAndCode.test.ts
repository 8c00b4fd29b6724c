import { describe, expect, it } from 'vitest';
import { AnswerKind, answerKindsOf, asksForCode, asksHowTo, questionCore } from '../../src/language/english.js';

const howTo = (question: string) => asksHowTo(questionCore(question));
const forCode = (question: string) => asksForCode(questionCore(question));

describe('how-to questions: asking for a procedure', () => {
  it.each([
    // A docs help channel.
    'how do i make a backup',
    'How can I change the port?',
    'how to rotate log files',
    'can i log to a file',
    'Is there a way to turn off the timestamp?',
    "what's the best way to upgrade",
    // A forum, with a lead-in and a sign-off.
    'hey folks, how do we restore from a backup? thanks!',
    'Quick question: how would I run it behind a proxy',
    'could i drop a few lines if logrotate uses copytruncate',
  ])('%j asks how to do something', (question) => {
    expect(howTo(question)).toBe(true);
  });

  it.each([
    // A novel-reading group: "how" asks what happened, or in what manner — an account, not steps.
    'How did Ahab lose his leg?',
    'how does Ishmael meet Queequeg',
    'How was the Pequod named?',
    'how old is Starbuck',
    'How many whales does the Pequod kill?',
    'how do you know Ishmael is lying',
    // A request to the bot, not a procedure.
    'can you summarise chapter three',
    // Docs questions of another kind.
    'how does the worker thread flush',
    'what port does it use by default',
  ])('%j does not', (question) => {
    expect(howTo(question)).toBe(false);
  });
});

describe('questions asking for code: a command, a configuration, a file', () => {
  it.each([
    'what do I put in docker-compose',
    "what's the command to start the server",
    'What does the config look like?',
    'show me an example of the express code',
    'hey, what should i add to my .env file?',
    'which settings go in config.yaml',
    'is there a cli for it',
  ])('%j asks for code', (question) => {
    expect(forCode(question)).toBe(true);
  });

  it.each([
    'what port does it use by default',
    'What did the review board conclude about the Apollo 1 command module?',
    'how do i make a backup',
    'Why did Ahab command the crew to hunt the whale?',
  ])('%j does not', (question) => {
    expect(forCode(question)).toBe(false);
  });
});

describe('steps in sentences', () => {
  const step = (sentence: string) => (answerKindsOf(sentence) & AnswerKind.steps) !== 0;

  it('reads imperative sentences as steps, with a purpose or a sequence word before the verb', () => {
    expect(step('Stop the Harbor service.')).toBe(true);
    expect(step('To make a backup, copy the data folder to another disk.')).toBe(true);
    expect(step('Then restart the server.')).toBe(true);
    expect(step('Install a prettifier module as a separate dependency.')).toBe(true);
  });

  it('does not read statements or questions as steps', () => {
    expect(step('The server restarts every night.')).toBe(false);
    expect(step('Harbor keeps its settings in the data folder.')).toBe(false);
    expect(step('Run it again?')).toBe(false);
    expect(step('Ahab lost his leg to the white whale.')).toBe(false);
  });
});
