// The training panel. Today: which file, and the run status. Charts come with training.
import type { PanelMessage, PanelStatus } from '../../src/shared/protocol';
import { connect, el, post } from '../common/host';

const STATUS_TEXT: Record<PanelStatus, string> = {
  idle: 'Not trained yet',
  starting: 'Starting…',
  running: 'Training…',
  finished: 'Finished',
  stopped: 'Stopped',
  failed: 'Failed',
};

const app = document.getElementById('app')!;

function render(m: Extract<PanelMessage, { type: 'init' }>): void {
  const train = el('button', { text: 'Train', className: 'primary' });
  train.addEventListener('click', () => post({ type: 'command', command: 'train' }));
  app.replaceChildren(
    el('header', {},
      el('h1', { text: m.fileName, title: m.filePath }),
      el('span', { className: `status status-${m.status}`, text: STATUS_TEXT[m.status] })),
    el('section', { className: 'empty' },
      el('p', { text: 'Loss and accuracy curves, the bias/variance verdict and gradient views will appear here during training.' }),
      train),
  );
}

connect<PanelMessage>('panel', (m) => {
  if (m.type === 'init') render(m);
});
