// Preloaded into the CLI under fuzzing (node --require): at exit, appends the process's peak
// resident memory (KiB) to the file named by FUZZ_RSS_FILE, so the suite can bound it.
const { appendFileSync } = require('node:fs');
const file = process.env.FUZZ_RSS_FILE;
if (file) process.on('exit', () => { try { appendFileSync(file, `${process.resourceUsage().maxRSS}\n`); } catch { /* the measure only */ } });
