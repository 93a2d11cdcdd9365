// CloudWatch Synthetics canary: every URL in HEALTH_URLS must answer 2xx over HTTPS.
// Runs on the Synthetics Node.js runtime, which provides the Synthetics modules.
const synthetics = require('Synthetics');
const log = require('SyntheticsLogger');

const urls = (process.env.HEALTH_URLS || '').split(',').filter(Boolean);

exports.handler = async () => {
  if (urls.length === 0) throw new Error('HEALTH_URLS is empty');
  for (const url of urls) {
    const { hostname, pathname, search } = new URL(url);
    const request = {
      hostname,
      method: 'GET',
      path: `${pathname}${search}`,
      port: 443,
      protocol: 'https:',
      headers: { 'User-Agent': synthetics.getCanaryUserAgentString() },
    };
    await synthetics.executeHttpStep(`GET ${url}`, request, async (response) => {
      log.info(`${url} answered ${response.statusCode}`);
      if (response.statusCode < 200 || response.statusCode > 299) {
        throw new Error(`${url} answered ${response.statusCode}`);
      }
    });
  }
};
