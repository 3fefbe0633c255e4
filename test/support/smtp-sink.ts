// A real SMTP server on loopback as the alerts' sink (smtp-server): keeps every message it
// accepts, can be stopped and started again on the same port, refuses chosen addresses with 550,
// and can hold a message's DATA unanswered (a send that hangs until its sender dies).
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export type Received = { to: string[]; mail: ParsedMail };

export class Sink {
  readonly received: Received[] = [];
  private server: SMTPServer | null = null;
  port = 0;
  /** While set, a message's DATA is read and never acknowledged: a send that hangs mid-way. */
  hold = false;
  held = 0;

  /** Addresses refused at RCPT TO with 550. */
  constructor(private readonly refused: string[] = []) {}

  async start(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo: (address, _session, cb) => {
        if (this.refused.includes(address.address.toLowerCase())) {
          const error = Object.assign(new Error('5.1.1 mailbox unavailable'), { responseCode: 550 });
          return cb(error);
        }
        cb();
      },
      onData: (stream, session, cb) => {
        if (this.hold) {
          this.held += 1;
          stream.resume(); // never answered: the message is not accepted
          return;
        }
        simpleParser(stream)
          .then((mail) => {
            this.received.push({ to: session.envelope.rcptTo.map((r) => r.address), mail });
            cb();
          })
          .catch(cb);
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  to(address: string) {
    return this.received.filter((r) => r.to.includes(address));
  }
}

