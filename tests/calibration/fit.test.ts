import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { calibrationFile, calibrationFor, fitDataFile, type ModelCalibration } from '../../src/calibration/calibration.js';
import { fitCalibration, type FitTable } from '../../src/calibration/fitScorer.js';
import { levelsFor, levelsFromProbes } from '../../src/calibration/indexCalibration.js';

const MODEL = 'verbatim/wink-sif-100d';

describe('the fitted calibration', () => {
  it('is reproduced exactly by fitting again on its committed feature table', () => {
    const committed = JSON.parse(readFileSync(calibrationFile(MODEL), 'utf8')) as ModelCalibration;
    const table = JSON.parse(readFileSync(fitDataFile(MODEL), 'utf8')) as FitTable;
    expect(table.rows.length).toBeGreaterThan(1000);
    expect(table.corpora.length).toBeGreaterThanOrEqual(2);
    expect(fitCalibration(table, committed.softMatch)).toEqual(committed);
  }, 60_000);

  it('lets a probe background only raise the answer level, and keeps levels for the scorer they were measured with', () => {
    const model = calibrationFor(MODEL);
    const quiet = levelsFromProbes(model, { questions: 36, median: 0, p90: 0.01, p95: 0.02, max: 0.1 });
    expect(quiet.answerLevel).toBe(model.answerLevel);
    const loud = levelsFromProbes(model, { questions: 36, median: 0.3, p90: 0.8, p95: 0.9, max: 0.95 });
    expect(loud.answerLevel).toBeGreaterThan(0.9);
    const measured = { source: 'probes' as const, model: MODEL, ...loud, background: { questions: 36, median: 0.3, p90: 0.8, p95: 0.9, max: 0.95 }, measuredAt: '' };
    expect(levelsFor(model, { ...measured, scorer: 'another scorer' }).answerLevel).toBe(model.answerLevel);
  });

  it('gives a model without a fit of its own the offline weights, marked unfitted', () => {
    const hub = calibrationFor('Xenova/all-MiniLM-L6-v2');
    expect(hub.fitted).toBe(false);
    expect(hub.weights).toEqual(calibrationFor(MODEL).weights);
  });
});
