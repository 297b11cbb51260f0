/*
 * A hand-worked population for January 2026 whose every report is known (see batch.test.ts):
 *
 * | patient | what                                                                | VTE | naloxone | HbA1c | AKI |
 * | p1 | ward-a, doc-1 + nurse-1, age 75, cancer + heart failure (Padua 5), enoxaparin at 8 h | N |  |  |  |
 * | p2 | ward-b, doc-2, Padua 5, no prophylaxis                                   | D |  |  |  |
 * | p3 | ward-a then ward-b (transfer Jan 7), doc-1, Padua 5, IPC at 2 h; vancomycin Jan 8, creatinine 0.8 -> 1.3 | N |  |  | N |
 * | p4 | ward-a, age 40, nothing coded                                            | - |  |  |  |
 * | p5 | no encounter; oxycodone 60 MME/day by doc-2 and naloxone the same day    |  | N |  |  |
 * | p6 | ward-a, doc-1; oxycodone 60 MME/day with no requester, no naloxone       |  | D |  |  |
 * | p7 | ward-b, doc-2, diabetes, age 60, HbA1c 9.8%                              |  |  | N |  |
 * | p8 | ward-b, doc-2, diabetes, age 60, HbA1c 7.1%                              |  |  | D |  |
 *
 * N: in the numerator, D: in the denominator only, -: in no population.
 */
import type { Bundle } from '@medplum/fhirtypes';
import { CODE, bundle, condition, encounter, lab, order, patient, serviceRequest } from './factories';

const IPC = '443448006'; // Application of intermittent pneumatic compression device

export function handWorkedPatients(): Bundle[] {
  return [
    bundle(
      patient('p1'),
      encounter('e1', 'p1', '2026-01-03T10:00:00Z', {
        end: '2026-01-09T10:00:00Z',
        clinicians: ['doc-1', 'nurse-1'],
        stays: [{ location: 'bed-ward-a', start: '2026-01-03T10:00:00Z' }],
      }),
      condition('c1a', 'p1', CODE.cancer, '2025-06-01'),
      condition('c1b', 'p1', CODE.heartFailure, '2024-06-01'),
      order('m1', 'p1', CODE.enoxaparin40, '2026-01-03T18:00:00Z', { requester: 'doc-1', encounter: 'e1' }),
    ),
    bundle(
      patient('p2'),
      encounter('e2', 'p2', '2026-01-10T10:00:00Z', {
        end: '2026-01-14T10:00:00Z',
        clinicians: ['doc-2'],
        stays: [{ location: 'bed-ward-b', start: '2026-01-10T10:00:00Z' }],
      }),
      condition('c2a', 'p2', CODE.cancer, '2025-06-01'),
      condition('c2b', 'p2', CODE.heartFailure, '2024-06-01'),
    ),
    bundle(
      patient('p3'),
      encounter('e3', 'p3', '2026-01-05T10:00:00Z', {
        end: '2026-01-15T10:00:00Z',
        clinicians: ['doc-1'],
        stays: [
          { location: 'bed-ward-a', start: '2026-01-05T10:00:00Z', end: '2026-01-07T10:00:00Z' },
          { location: 'bed-ward-b', start: '2026-01-07T10:00:00Z' },
        ],
      }),
      condition('c3a', 'p3', CODE.cancer, '2025-06-01'),
      condition('c3b', 'p3', CODE.heartFailure, '2024-06-01'),
      serviceRequest('s3', 'p3', IPC, '2026-01-05T12:00:00Z'),
      order('m3', 'p3', CODE.vancomycin, '2026-01-08T09:00:00Z', { requester: 'doc-1', encounter: 'e3' }),
      lab('o3a', 'p3', CODE.creatinine, '2026-01-06T10:00:00Z', 0.8, 'mg/dL'),
      lab('o3b', 'p3', CODE.creatinine, '2026-01-09T10:00:00Z', 1.3, 'mg/dL'),
    ),
    bundle(
      patient('p4', '1985-05-05'),
      encounter('e4', 'p4', '2026-01-04T10:00:00Z', {
        end: '2026-01-06T10:00:00Z',
        clinicians: ['doc-1'],
        stays: [{ location: 'bed-ward-a', start: '2026-01-04T10:00:00Z' }],
      }),
    ),
    bundle(
      patient('p5', '1970-01-01', 'male'),
      order('m5', 'p5', CODE.oxycodone5, '2026-01-12T09:00:00Z', { requester: 'doc-2', dose: 2, perDay: 4 }),
      order('n5', 'p5', CODE.naloxoneSpray, '2026-01-12T09:05:00Z', { requester: 'doc-2' }),
    ),
    bundle(
      patient('p6', '1970-01-01', 'male'),
      encounter('e6', 'p6', '2026-01-11T10:00:00Z', {
        end: '2026-01-13T10:00:00Z',
        clinicians: ['doc-1'],
        stays: [{ location: 'bed-ward-a', start: '2026-01-11T10:00:00Z' }],
      }),
      order('m6', 'p6', CODE.oxycodone5, '2026-01-12T09:00:00Z', { encounter: 'e6', dose: 2, perDay: 4 }),
    ),
    bundle(
      patient('p7', '1965-06-01', 'male'),
      encounter('e7', 'p7', '2026-01-20T10:00:00Z', {
        end: '2026-01-22T10:00:00Z',
        clinicians: ['doc-2'],
        stays: [{ location: 'bed-ward-b', start: '2026-01-20T10:00:00Z' }],
      }),
      condition('c7', 'p7', CODE.diabetes, '2015-01-01'),
      lab('o7', 'p7', CODE.hba1c, '2026-01-20T12:00:00Z', 9.8, '%'),
    ),
    bundle(
      patient('p8', '1965-06-01'),
      encounter('e8', 'p8', '2026-01-21T10:00:00Z', {
        end: '2026-01-23T10:00:00Z',
        clinicians: ['doc-2'],
        stays: [{ location: 'bed-ward-b', start: '2026-01-21T10:00:00Z' }],
      }),
      condition('c8', 'p8', CODE.diabetes, '2015-01-01'),
      lab('o8', 'p8', CODE.hba1c, '2026-01-21T12:00:00Z', 7.1, '%'),
    ),
  ];
}
