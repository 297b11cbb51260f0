import { expect } from '@open-wc/testing';
import type { Patient } from '@medplum/fhirtypes';
import { clearPersistedWrites, idbPersistence } from '../../../mocks/fhir/idb-persistence';
import { FhirStore } from '../../../mocks/fhir/store';
import { patient } from '../../factories/fhir';

/** The mock EHR's writes must survive the launch redirects: a new page's store sees them. */
describe('mock EHR store in IndexedDB', () => {
  beforeEach(() => clearPersistedWrites());
  after(() => clearPersistedWrites());

  it('restores a write into a fresh store over the same seed', async () => {
    const first = new FhirStore([patient()], idbPersistence());
    const created = await first.write(patient({ id: undefined, name: [{ text: 'Written Later' }] }));
    const updated = await first.write(patient({ name: [{ text: 'Renamed' }] }), 'p-1');

    const second = new FhirStore([patient()], idbPersistence());
    await second.restore();
    expect((second.read('Patient', String(created.id)) as Patient).name?.[0]?.text).to.equal('Written Later');
    expect((second.read('Patient', 'p-1') as Patient).name?.[0]?.text).to.equal('Renamed');
    expect(updated.meta?.versionId).to.equal('2');
  });

  it('forgets writes on reset', async () => {
    const store = new FhirStore([], idbPersistence());
    await store.write(patient({ id: undefined }));
    await clearPersistedWrites();
    const fresh = new FhirStore([], idbPersistence());
    await fresh.restore();
    expect(fresh.all('Patient')).to.have.length(0);
  });
});
