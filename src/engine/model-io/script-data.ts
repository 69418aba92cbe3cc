// The Python text shared by the exported PyTorch and Keras scripts: literals, the data loader
// for the network file's source, the split and the normalisation with the stored statistics.
// Only the branch the file's source needs is written, so the script reads as one story.
import path from 'node:path';
import { pairedLabelsPath } from '../data/files';
import type { NetworkSpec } from '../netfile/spec';
import type { SavedModel } from './saved-model';

export type Framework = 'pytorch' | 'keras';

/** A Python literal for a JSON-like value. */
export function py(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : v > 0 ? "float('inf')" : "float('-inf')";
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
  if (Array.isArray(v)) return `[${v.map(py).join(', ')}]`;
  return `{${Object.entries(v as object).map(([k, x]) => `${py(k)}: ${py(x)}`).join(', ')}}`;
}

/** A data path of the network file as the script reaches it: relative to the script's folder
 *  (posix separators), so the run folder and the data can move together. */
function dataPath(spec: NetworkSpec, written: string, scriptDir: string): string {
  const abs = path.resolve(path.dirname(spec.file), written);
  return path.relative(scriptDir, abs).split(path.sep).join('/') || '.';
}

const IRIS_COLUMNS = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];

/** `load_source()` for a built-in set: how to get it in Python. */
function builtinSource(spec: NetworkSpec, framework: Framework): string {
  const d = spec.data;
  const o = d.options;
  const n = o.samples ?? 300;
  const seed = `random_state=SHUFFLE_SEED`;
  const body = (doc: string, lines: string[]) => `def load_source():\n    """${doc}"""\n${lines.map((l) => `    ${l}`).join('\n')}\n`;
  switch (d.source) {
    case 'iris':
      return body("iris: Fisher's 150 flowers, as scikit-learn ships them (pip install scikit-learn).", [
        'from sklearn.datasets import load_iris',
        'iris = load_iris()',
        `table = {name: iris.data[:, i] for i, name in enumerate(${py(IRIS_COLUMNS)})}`,
        "table['species'] = np.array([iris.target_names[i] for i in iris.target])",
        'x = np.stack([table[name] for name in FEATURES], 1).astype(np.float32)',
        `return x, targets(table[TARGET or 'species'])`,
      ]);
    case 'mnist':
      // Backprop's built-in is 10,000 real MNIST digits; here the first 10,000 of the training set.
      return framework === 'pytorch'
        ? body('mnist: the first 10,000 MNIST training digits from torchvision (pip install torchvision), pixels in [0, 1].', [
          'from torchvision.datasets import MNIST',
          "digits = MNIST(os.path.join(HERE, 'mnist'), train=True, download=True)",
          'x = digits.data[:10000].reshape(-1, 784).numpy().astype(np.float32) / 255',
          'return x, digits.targets[:10000].numpy().astype(np.int64)',
        ])
        : body('mnist: the first 10,000 MNIST training digits from keras.datasets, pixels in [0, 1].', [
          '(images, labels), _ = keras.datasets.mnist.load_data()',
          'x = images[:10000].reshape(-1, 784).astype(np.float32) / 255',
          'return x, labels[:10000].astype(np.int64)',
        ]);
    case 'moons':
      return body(`moons: scikit-learn's make_moons (another draw than Backprop's generator, the same shape).`, [
        'from sklearn.datasets import make_moons',
        `x, y = make_moons(n_samples=${py(n)}, noise=${py(o.noise ?? 0.1)}, ${seed})`,
        'return x.astype(np.float32), y.astype(np.int64)',
      ]);
    case 'circles':
      return body(`circles: scikit-learn's make_circles (another draw than Backprop's generator, the same shape).`, [
        'from sklearn.datasets import make_circles',
        `x, y = make_circles(n_samples=${py(n)}, noise=${py(o.noise ?? 0.05)}, factor=${py(o.factor ?? 0.5)}, ${seed})`,
        'return x.astype(np.float32), y.astype(np.int64)',
      ]);
    case 'blobs':
      return body(`blobs: scikit-learn's make_blobs (centres in [-10, 10], as Backprop draws them).`, [
        'from sklearn.datasets import make_blobs',
        `x, y = make_blobs(n_samples=${py(n)}, n_features=${py(o.features ?? 2)}, centers=${py(o.classes ?? 3)}, cluster_std=${py(o.cluster_std ?? o.noise ?? 1)}, ${seed})`,
        'return x.astype(np.float32), y.astype(np.int64)',
      ]);
    case 'classification': {
      const f = o.features ?? 2;
      return body(`classification: scikit-learn's make_classification, every feature informative, one cluster per class.`, [
        'from sklearn.datasets import make_classification',
        `x, y = make_classification(n_samples=${py(n)}, n_features=${py(f)}, n_informative=${py(f)}, n_redundant=0, n_repeated=0,`,
        `                           n_classes=${py(o.classes ?? 2)}, n_clusters_per_class=1, flip_y=${py(o.flip_y ?? 0.01)}, class_sep=${py(o.class_sep ?? 1)}, ${seed})`,
        'return x.astype(np.float32), y.astype(np.int64)',
      ]);
    }
    case 'spiral':
      return body('spiral: arms winding out from the origin (as in CS231n), drawn with numpy.', [
        `n, classes, noise = ${py(n)}, ${py(o.classes ?? 3)}, ${py(o.noise ?? 0.2)}`,
        'rng = np.random.default_rng(SHUFFLE_SEED)',
        'y = np.arange(n) % classes',
        'r = rng.random(n)',
        't = 2 * np.pi * y / classes + 4 * r + rng.normal(0, noise, n)',
        'return np.stack([r * np.sin(t), r * np.cos(t)], 1).astype(np.float32), y.astype(np.int64)',
      ]);
    case 'xor':
      return body('xor: points in [-1, 1]², class 1 where exactly one coordinate is positive, drawn with numpy.', [
        `n, noise = ${py(n)}, ${py(o.noise ?? 0.1)}`,
        'rng = np.random.default_rng(SHUFFLE_SEED)',
        'clean = rng.uniform(-1, 1, (n, 2))',
        'y = ((clean[:, 0] > 0) != (clean[:, 1] > 0)).astype(np.int64)',
        'return (clean + rng.normal(0, noise, (n, 2))).astype(np.float32), y',
      ]);
    default: // poly
      return body('poly: evenly spaced x in [-1, 1] on a random polynomial plus noise, drawn with numpy (another polynomial than Backprop\'s).', [
        `n, degree, noise = ${py(o.samples ?? 5)}, ${py(o.degree ?? 1)}, ${py(o.noise ?? 0.1)}`,
        'rng = np.random.default_rng(SHUFFLE_SEED)',
        'x = np.linspace(-1, 1, n) if n > 1 else np.zeros(1)',
        'y = np.polyval(rng.uniform(-1, 1, degree + 1), x) + rng.normal(0, noise, n)',
        'return x.reshape(-1, 1).astype(np.float32), y.reshape(-1, 1).astype(np.float32)',
      ]);
  }
}

const READ_TABLE = `def read_table(path):
    """A CSV file (header row; ',', ';' or tab) or a JSON file ([{"input": [...], "output": ...}])."""
    if path.lower().endswith('.json'):
        with open(path, encoding='utf-8-sig') as f:
            items = json.load(f)
        x = np.array([item['input'] for item in items], np.float32)
        outputs = [item['output'] for item in items]
        if CLASSES is None:
            return x, np.array([o if isinstance(o, list) else [o] for o in outputs], np.float32)
        return x, targets([str(int(np.argmax(o))) if isinstance(o, list) else o for o in outputs])
    import csv
    with open(path, newline='', encoding='utf-8-sig') as f:
        first = f.readline()
        f.seek(0)
        rows = [r for r in csv.reader(f, delimiter=max(',;\\t', key=first.count)) if any(c.strip() for c in r)]
    header = [h.strip() for h in rows[0]]
    x = np.array([[float(r[header.index(name)]) for name in FEATURES] for r in rows[1:]], np.float32)
    column = header.index(TARGET) if TARGET else len(header) - 1
    return x, targets([r[column].strip() for r in rows[1:]])
`;

const READ_IDX = `def read_idx(path):
    """An IDX file (gzipped or not): a big-endian header, then unsigned bytes."""
    import gzip
    with open(path, 'rb') as f:
        data = f.read()
    if data[:2] == b'\\x1f\\x8b':
        data = gzip.decompress(data)
    rank = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], 'big') for i in range(rank)]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * rank).reshape(dims)


def read_idx_pair(images, labels):
    """Images flattened and scaled to [0, 1], labels as classes."""
    x = read_idx(images)
    return x.reshape(len(x), -1).astype(np.float32) / 255, targets([str(v) for v in read_idx(labels)])
`;

/** Everything about the data: constants, readers, `load_source()`, `split()`, `normalize()`. */
export function dataPython(spec: NetworkSpec, saved: SavedModel, framework: Framework, scriptDir: string): string {
  const d = spec.data;
  const p = (w: string) => `os.path.join(HERE, ${py(dataPath(spec, w, scriptDir))})`;
  const idx = d.images !== undefined;
  // A separate validation/test file is read like the source; a fraction is cut from it.
  const held = (key: 'validation' | 'test', rows: string) => {
    const file = d[key];
    if (typeof file !== 'string') return `part(${rows})`;
    return idx ? `read_idx_pair(${p(file)}, ${p(pairedLabelsPath(file) ?? file)})` : `read_table(${p(file)})`;
  };
  const consts = [
    '',
    "# The data, as the network file's `data:` block describes it.",
    // Columns by name matter only where the source has named columns (a table, iris).
    (idx || (d.builtin && d.source !== 'iris'))
      ? 'FEATURES = None  # the source\'s own inputs, in order'
      : `FEATURES = ${py(saved.featureNames ?? null)}  # the training columns, in order`,
    `TARGET = ${py(d.target ?? null)}  # None: the last column`,
    `CLASSES = ${py(saved.classes)}  # class names by output index (None: regression)`,
    `VALIDATION, TEST = ${py(typeof d.validation === 'number' ? d.validation : 0)}, ${py(typeof d.test === 'number' ? d.test : 0)}  # fractions held out`,
    `SHUFFLE_SEED = ${py(d.shuffleSeed)}`,
    `LIMIT = ${py(d.limit ?? null)}  # only the first LIMIT rows`,
  ];
  let source: string;
  if (idx) source = `${READ_IDX}\n\ndef load_source():\n    return read_idx_pair(${p(d.images!)}, ${p(d.labels!)})\n`;
  else if (d.builtin) source = builtinSource(spec, framework);
  else source = `${READ_TABLE}\n\ndef load_source():\n    return read_table(${p(d.source)})\n`;
  return `${consts.join('\n')}


def targets(raw):
    """Class names → class indices (by CLASSES), or values for regression."""
    if CLASSES is None:
        return np.asarray(raw, np.float32).reshape(len(raw), -1)
    index = {name: i for i, name in enumerate(CLASSES)}
    return np.array([index[str(v)] for v in raw], np.int64)


${source}

def load_data():
    """(x, y) of the train, validation and test splits, raw (not normalised)."""
    x, y = load_source()
    if LIMIT:
        x, y = x[:LIMIT], y[:LIMIT]
    # A shuffled hold-out of the same sizes as Backprop's; its rows differ (Backprop also
    # stratifies by class, with its own random stream).
    order = np.random.default_rng(SHUFFLE_SEED).permutation(len(x))
    n_val = max(1, round(len(x) * VALIDATION)) if VALIDATION else 0
    n_test = max(1, round(len(x) * TEST)) if TEST else 0
    val, test, train = np.split(order, [n_val, n_val + n_test])
    part = lambda rows: (x[rows], y[rows]) if len(rows) else None
    return {'train': part(train), 'validation': ${held('validation', 'val')}, 'test': ${held('test', 'test')}}


def normalize(x, meta):
    """(x - offset) / scale per feature, with the statistics of the run's training split."""
    norm = json.loads(meta['normalization'])
    return ((x - np.asarray(norm['offset'], np.float32)) / np.asarray(norm['scale'], np.float32)).astype(np.float32)
`;
}
