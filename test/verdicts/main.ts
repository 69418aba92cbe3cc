// `npm run verdicts [-- --record] [-- --only NAME]`: the labelled verdict benchmark (README.md).
import { writeFileSync } from 'node:fs';
import { caseFiles, confusion, describe, labelPath, runBenchmark, writeResults } from './benchmark';

async function main(argv: string[]): Promise<number> {
  const record = argv.includes('--record');
  const onlyAt = argv.indexOf('--only');
  const only = onlyAt >= 0 ? argv[onlyAt + 1] : undefined;
  const files = new Map(caseFiles(only).map((f) => [f.replace(/^.*\//, '').replace(/\.nn\.yaml$/, ''), f]));
  process.stdout.write(`${files.size} cases${record ? ' (recording labels from the judge)' : ''}\n`);
  let refused = 0;
  const results = await runBenchmark({
    only,
    onCase: (r) => {
      const n = r.judged.numbers;
      const key = n.train_error !== undefined
        ? `te ${n.train_error} ve ${n.val_error} B ${n.baseline_error} tl ${n.train_loss} vl ${n.val_loss} min ${n.min_val_loss}@${n.min_val_epoch} late ${n.late_val_loss} E ${n.judged_epoch}/${n.last_epoch} nval ${n.val_samples}`
        : `tl ${n.train_loss} vl ${n.val_loss} var ${n.baseline_loss} min ${n.min_val_loss}@${n.min_val_epoch} late ${n.late_val_loss} E ${n.judged_epoch}/${n.last_epoch} nval ${n.val_samples}`;
      // While recording, the product's answer is not shown: labels come from the curves alone.
      const answer = record ? '' : ` · product ${r.product.category}${r.wrong ? ' ✗' : ''}${r.alarm ? ' ALARM' : ''}`;
      process.stdout.write(`${r.name.padEnd(34)} ${r.judged.label.padEnd(12)}${r.judged.borderline.length ? ' BORDERLINE' : ''}${answer} (${r.seconds.toFixed(1)} s)\n    ${key}\n`);
      if (!record) return;
      if (r.judged.borderline.length) {
        refused++;
        process.stdout.write(`    not recorded, borderline: ${r.judged.borderline.join(', ')}\n`);
        return;
      }
      const { label, why, numbers } = r.judged;
      writeFileSync(labelPath(files.get(r.name)!), `${JSON.stringify({ label, why, numbers }, null, 2)}\n`);
    },
  });
  writeResults(results);
  const seconds = results.reduce((s, r) => s + r.seconds, 0);
  if (record) {
    process.stdout.write(`recorded ${results.length - refused} labels, refused ${refused} borderline case(s), ${seconds.toFixed(0)} s\n`);
    return refused ? 1 : 0;
  }
  process.stdout.write(`\n${confusion(results)}\n\n`);
  const bad = results.filter((r) => r.wrong || r.alarm || r.stale || r.label === null);
  for (const r of bad) process.stdout.write(`${describe(r)}\n`);
  const wrong = results.filter((r) => r.wrong).length;
  const alarms = results.filter((r) => r.alarm).length;
  const stale = results.filter((r) => r.stale).length;
  process.stdout.write(`\n${results.length - wrong}/${results.length} right, ${wrong} wrong, ${alarms} good fit(s) with an alarm, ${stale} label(s) the curves no longer support; ${seconds.toFixed(0)} s of training\n`);
  return wrong || alarms || stale ? 1 : 0;
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
