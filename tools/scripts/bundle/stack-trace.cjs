// Stand-in for cdktf's tokens/private/stack-trace in app bundles. cdktf records a full stack
// trace for every token it creates (tens of thousands per synth), only to print it in a
// message about a misused token; formatting them is a tenth of a synth's time. Set
// STRATA_DEBUG=1 to record them again when chasing such an error.
const record = Boolean(process.env.STRATA_DEBUG);

exports.captureStackTrace = function captureStackTrace(below) {
  if (!record) return [];
  const holder = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = Infinity;
  try {
    Error.captureStackTrace(holder, below || captureStackTrace);
  } finally {
    Error.stackTraceLimit = limit;
  }
  return String(holder.stack || '')
    .split('\n')
    .slice(1)
    .map((line) => line.trim().replace(/^at /, ''));
};
