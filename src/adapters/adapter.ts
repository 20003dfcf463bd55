/**
 * A chat surface (console, Discord, Slack). It parses platform events into invocations, hands them
 * to the app, and renders the replies; it never decides anything itself.
 */
export interface Adapter {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}
