import { generateDataset } from '../../mocks/data';
import { dataNow } from '../../mocks/sim-constants';
import { parseChoice } from './choice';
import './ehr-simulator';

/** The simulator page: what `npm start` opens. `?auto=1` launches at once (tests, shared links). */
const dataset = generateDataset({ now: dataNow() });
const simulator = document.createElement('ehr-simulator');
simulator.data = dataset;
simulator.choice = parseChoice(new URLSearchParams(location.search), {
  practitioner: dataset.practitioners[0]?.id ?? '',
  patient: dataset.patients[0]?.id ?? '',
  encounterOf: (id) => dataset.patients.find((p) => p.id === id)?.encounterId,
});
document.body.append(simulator);
if (new URLSearchParams(location.search).get('auto') === '1') {
  void simulator.updateComplete.then(() => simulator.launch());
}
