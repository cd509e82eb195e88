import { createServer, connect, type Server, type Socket } from "node:net";

/**
 * A TCP proxy in front of the database server, to make it fail the ways a
 * network does: `hang()` keeps every connection open but forwards nothing
 * (a database that stops answering), `cut()` resets every connection and
 * refuses new ones (a database that is down). `restore()` heals it.
 */
export class TcpProxy {
  private mode: "pass" | "hang" | "cut" = "pass";
  private readonly sockets = new Set<Socket>();
  private server: Server | null = null;

  constructor(
    private readonly upstreamHost: string,
    private readonly upstreamPort: number,
  ) {}

  async start(): Promise<number> {
    this.server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    return (this.server.address() as { port: number }).port;
  }

  /** A proxy in front of the server `url` names, and the same URL through it. */
  static async inFrontOf(url: string): Promise<{ proxy: TcpProxy; url: string }> {
    const parsed = new URL(url);
    const proxy = new TcpProxy(parsed.hostname, Number(parsed.port || 5432));
    parsed.hostname = "127.0.0.1";
    parsed.port = String(await proxy.start());
    return { proxy, url: parsed.toString() };
  }

  private accept(client: Socket): void {
    if (this.mode === "cut") return void client.destroy();
    this.sockets.add(client);
    const upstream = connect(this.upstreamPort, this.upstreamHost);
    this.sockets.add(upstream);
    const forward = (from: Socket, to: Socket) => {
      from.on("data", (chunk) => {
        if (this.mode === "pass") to.write(chunk);
      });
      from.on("close", () => {
        this.sockets.delete(from);
        to.destroy();
      });
      from.on("error", () => to.destroy());
    };
    forward(client, upstream);
    forward(upstream, client);
  }

  hang(): void {
    this.mode = "hang";
  }

  cut(): void {
    this.mode = "cut";
    for (const socket of this.sockets) socket.resetAndDestroy();
    this.sockets.clear();
  }

  restore(): void {
    this.mode = "pass";
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
