import { loopbackAddress } from './emulator';

describe('loopbackAddress', () => {
  it('reads host and port of a loopback http endpoint', () => {
    expect(loopbackAddress('http://127.0.0.1:5000', 'environments/local.yaml')).toEqual({
      host: '127.0.0.1',
      port: 5000,
    });
    expect(loopbackAddress('http://[::1]:4566', 'f').host).toBe('::1');
  });

  it('refuses an endpoint beyond this machine, without a port, or not a URL, naming the file', () => {
    expect(() => loopbackAddress('http://10.0.0.5:5000', 'environments/local.yaml')).toThrow(
      'environments/local.yaml: emulator.endpoint "http://10.0.0.5:5000" must be http://<loopback address>:<port>',
    );
    expect(() => loopbackAddress('http://127.0.0.1', 'f')).toThrow(/must be http/);
    expect(() => loopbackAddress('moto', 'f')).toThrow('f: emulator.endpoint "moto" is not a URL');
  });
});
