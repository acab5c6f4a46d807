import net, { type AddressInfo } from 'node:net';

/** A port free on 127.0.0.1 now, for a process that cannot listen on port 0 and say which port it took. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
