/**
 * A feedback view for the element tests, built the way the model builds it (parse, then view) from
 * small DEQM resources, and a model whose state a test sets and whose requests it records.
 */
import type { MeasureReport } from '@medplum/fhirtypes';
import { FeedbackModel, type DrillState, type FeedbackState } from '../../../src/feedback/feedback-model';
import { parseMeasure, parseReport } from '../../../src/feedback/parse';
import type { DrillTarget, FeedbackView, MeasureInfo, ReportPoint } from '../../../src/feedback/types';
import { feedbackView } from '../../../src/feedback/view';
import { measure, summary } from '../../node/feedback/factories';

export const ME = 'Practitioner/pr-1';
export const WARD = 'Location/ward-1';

/** `count` months ending with 2025-12, oldest first. */
export function months(count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(2025, 11 - (count - 1 - i), 1));
    return d.toISOString().slice(0, 7);
  });
}

const points = (reports: MeasureReport[]) =>
  reports.map(parseReport).filter((p): p is ReportPoint => !('message' in p));

/**
 * `measures` clinical measures over `monthCount` months: mine rising, the unit flat, peers with
 * per-member counts; the second measure has only 3 patients of mine in its last month (suppressed).
 */
export function viewOf(measureCount = 2, monthCount = 12, minCases = 5): FeedbackView {
  const keys = Array.from({ length: measureCount }, (_, i) => `m${i + 1}`);
  const defs = keys.map((k, i) => measure(k, i % 2 ? 'decrease' : 'increase', `Measure ${k.toUpperCase()}`));
  const list = months(monthCount);
  const mine: MeasureReport[] = [];
  const unit: MeasureReport[] = [];
  const peers: MeasureReport[] = [];
  keys.forEach((key, k) =>
    list.forEach((month, i) => {
      const small = k === 1 && i === list.length - 1;
      const d = small ? 3 : 20;
      mine.push(
        summary({
          key,
          subject: ME,
          month,
          numerator: small ? 3 : Math.min(d, 6 + i),
          denominator: d,
        }),
      );
      unit.push(summary({ key, subject: WARD, month, numerator: 30, denominator: 50 }));
      peers.push(
        summary({
          key,
          subject: 'Group/peers-doctor',
          month,
          numerator: 40,
          denominator: 60,
          members: [
            ['Practitioner/pr-1', 12, 20],
            ['Practitioner/pr-2', 18, 20],
            ['Practitioner/pr-3', 10, 20],
          ],
        }),
      );
    }),
  );
  const measures = defs.map(parseMeasure).filter((m): m is MeasureInfo => !!m);
  return feedbackView({
    measures,
    mine: points(mine),
    unit: points(unit),
    peers: points(peers),
    problems: [],
    me: ME,
    ward: WARD,
    minCases,
    peerGroups: [{ reference: 'Group/peers-doctor', name: 'Peers: doctor' }],
  });
}

/** A model whose state the test sets; drill-down and view facts are recorded, not fetched. */
export class TestModel extends FeedbackModel {
  readonly drills: DrillTarget[] = [];
  readonly closed: number[] = [];
  readonly views: number[] = [];

  set(state: Partial<FeedbackState>): void {
    this.update(state);
  }

  override async drillDown(target: DrillTarget): Promise<void> {
    this.drills.push(target);
  }

  override closeDrill(): void {
    this.closed.push(Date.now());
    this.update({ drill: undefined });
  }

  override viewed(visibleMs: number): void {
    this.views.push(visibleMs);
  }
}

/** A ready model showing `view`. */
export function readyModel(view: FeedbackView, minCases = 5): TestModel {
  const model = new TestModel(minCases);
  model.set({ status: 'ready', view, waves: 1 });
  return model;
}

/** A drill-down answer for the first measure's current month. */
export function drillFor(view: FeedbackView): DrillState | undefined {
  const target = view.measures[0]?.drill;
  if (!target) return undefined;
  return {
    target,
    status: 'ready',
    error: undefined,
    result: {
      notes: [],
      missing: false,
      groups: [
        {
          kind: 'action',
          label: 'Not met',
          patients: [
            { id: 'h-2', name: 'Alex Brown', mrn: 'MRN-2' },
            { id: 'h-4', name: undefined, mrn: undefined },
          ],
        },
        { kind: 'met', label: 'Met', patients: [{ id: 'h-1', name: 'Alex Adams', mrn: 'MRN-1' }] },
      ],
    },
  };
}
