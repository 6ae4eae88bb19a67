namespace PaxosAkka.Actors.Dispatch;

/// <summary>A user message with its sender, as queued in a mailbox.</summary>
public readonly record struct Envelope(object Message, IActorRef Sender);
