// Preloaded with `node -r ./bench/max-rss.js`: prints the process's peak resident memory on exit
// (worker threads included: they share the process), for the benchmarks' memory figures.
'use strict';
process.on('exit', () => {
  process.stderr.write(`\nMAX_RSS_KB ${process.resourceUsage().maxRSS}\n`);
});
