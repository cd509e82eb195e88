/**
 * Domain events one feature raises and another reacts to, so features do not
 * import each other's listeners (roles → proposals when the approver changes).
 */
export interface DomainEvents {
  approverChanged: {
    teamId: string;
    previousApproverId: string | null;
    approverId: string | null;
    actorId: string;
  };
  /** Something these people's App Home shows has changed: publish it again. */
  homeChanged: {
    teamId: string;
    userIds: string[];
  };
}

type Handler<K extends keyof DomainEvents> = (payload: DomainEvents[K]) => Promise<void>;

export class EventBus {
  private readonly handlers: { [K in keyof DomainEvents]?: Handler<K>[] } = {};

  on<K extends keyof DomainEvents>(name: K, handler: Handler<K>): void {
    const list = (this.handlers[name] ??= []) as Handler<K>[];
    list.push(handler);
  }

  /** Runs every handler in turn; an error propagates to the caller. */
  async emit<K extends keyof DomainEvents>(name: K, payload: DomainEvents[K]): Promise<void> {
    for (const handler of (this.handlers[name] ?? []) as Handler<K>[]) {
      await handler(payload);
    }
  }
}
