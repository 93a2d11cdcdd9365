// Preloaded with `node -r` by the benchmark: records the process's peak resident set
// size when it exits, for compiled and ts-node runs alike.
const { writeFileSync } = require('node:fs');

const target = process.env.STRATA_PEAK_RSS_FILE;
if (target) {
  process.on('exit', () => writeFileSync(target, String(process.resourceUsage().maxRSS)));
}
