using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Akka.Actor;
using Microsoft.AspNetCore.Http;
using PaxosAkka.Pbm;
using AkkaCluster = Akka.Cluster.Cluster;

namespace PaxosAkka.Node.Cmd;

/// <summary>
/// <c>cluster show|status|leader|tail|leave|down|join|down-unreachable</c> over Akka.Cluster: reads come from
/// <c>Cluster.State</c> (through the node's <see cref="Hosting.AkkaClusterView"/>, so pbm and <c>GET /cluster</c>
/// agree), and the actions are Akka.Cluster's own <c>Leave</c>, <c>Down</c> and <c>Join</c>.
/// </summary>
internal sealed class CmdClusterRoutes(CmdContext context)
{
    private readonly AkkaCluster _cluster = AkkaCluster.Get(context.System);

    public IResult Node()
    {
        var settings = context.Settings;
        var servers = settings.Members.Select(m => new PbmServer(m.Id, m.HttpUrl, [.. m.Roles])).ToList();
        return Results.Json(new PbmNode(settings.Id, _cluster.SelfAddress.ToString(), settings.Self.HttpUrl, servers), PbmJson.Default.PbmNode);
    }

    public IResult Show()
    {
        var status = context.Service.GetClusterStatus();
        var view = status.Membership;
        if (view is null)
        {
            return CmdContext.Error(StatusCodes.Status409Conflict, "this node runs no Akka.Cluster membership");
        }

        var members = view.Members
            .OrderBy(m => m.Address, StringComparer.Ordinal)
            .Select(m => new PbmMember(m.Address, m.NodeId, m.Roles, m.Status, m.Reachable ? "Reachable" : "Unreachable"))
            .ToList();
        return Results.Json(new PbmCluster(view.SelfAddress, view.ClusterLeader, status.Leader, members), PbmJson.Default.PbmCluster);
    }

    /// <summary>Leaves gracefully: this node when no address is given, else the named member.</summary>
    public IResult Leave(string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            _cluster.Leave(_cluster.SelfAddress);
            // A node that left stays out: its coordinated shutdown runs with the leaving reason, so NodeRunLoop ends the
            // process instead of starting a fresh actor system (that is only for a node the cluster downed).
            return Action("leave", [_cluster.SelfAddress], "this node leaves the cluster gracefully; once removed, its node process stops");
        }

        return WithMember(address, member =>
        {
            _cluster.Leave(member);
            return Action("leave", [member], "the member leaves the cluster gracefully; once removed, its node process stops");
        });
    }

    /// <summary>Downs a member: Akka.Cluster removes it without waiting for it (the way out for a crashed node).</summary>
    public IResult Down(string? address) =>
        string.IsNullOrWhiteSpace(address)
            ? CmdContext.Error(StatusCodes.Status400BadRequest, "cluster down needs the member's address (-a akka.tcp://paxos@host:port, host:port or a node id)")
            : WithMember(address, member =>
            {
                _cluster.Down(member);
                return Action("down", [member], "the member is marked down; the leader removes it");
            });

    /// <summary>Asks this node to join the cluster through <paramref name="address"/> (ignored by Akka if already a member).</summary>
    public IResult Join(string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return CmdContext.Error(StatusCodes.Status400BadRequest, "cluster join needs a seed's address (-a akka.tcp://paxos@host:port)");
        }

        if (!TryParseAddress(address, out var seed))
        {
            return CmdContext.Error(StatusCodes.Status400BadRequest, $"'{address}' is not an Akka address such as akka.tcp://paxos@127.0.0.1:9081");
        }

        _cluster.Join(seed);
        return Action("join", [seed], "join requested; a node that is already a member stays where it is");
    }

    public IResult DownUnreachable()
    {
        var unreachable = _cluster.State.Unreachable.Select(m => m.Address).OrderBy(a => a.ToString(), StringComparer.Ordinal).ToList();
        foreach (var member in unreachable)
        {
            _cluster.Down(member);
        }

        return Action("down-unreachable", unreachable, unreachable.Count == 0 ? "no member is unreachable" : $"{unreachable.Count} unreachable member(s) marked down");
    }

    /// <summary>
    /// Streams membership events as JSON lines (the current members first, as MemberUp and friends) until the client
    /// goes away, the node stops, or its actor system ends.
    /// </summary>
    public async Task TailAsync(HttpContext http)
    {
        // Bounded: a client that stops reading must not grow the node's memory; it loses the oldest events instead.
        var events = Channel.CreateBounded<PbmClusterEvent>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest });
        var tail = context.System.ActorOf(Props.Create(() => new ClusterTailActor(events.Writer, context.Clock)));
        using var done = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, context.Stopping);
        try
        {
            http.Response.ContentType = "application/x-ndjson";
            await http.Response.StartAsync(done.Token).ConfigureAwait(false);
            await foreach (var e in events.Reader.ReadAllAsync(done.Token).ConfigureAwait(false))
            {
                await JsonSerializer.SerializeAsync(http.Response.Body, e, PbmJson.Default.PbmClusterEvent, done.Token).ConfigureAwait(false);
                await http.Response.Body.WriteAsync("\n"u8.ToArray(), done.Token).ConfigureAwait(false);
                await http.Response.Body.FlushAsync(done.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (done.IsCancellationRequested)
        {
            // The client hung up or the node stops: the stream simply ends.
        }
        finally
        {
            context.System.Stop(tail);
        }
    }

    /// <summary>Resolves a member named by full address, host:port or node id, or answers 404 listing the members.</summary>
    private IResult WithMember(string text, Func<Address, IResult> act)
    {
        var members = _cluster.State.Members.Select(m => m.Address).ToList();
        var found = Resolve(text.Trim(), members, id => context.Settings.Members.FirstOrDefault(m => m.Id == id) is { } m ? (m.Host, m.RemotePort) : null);
        return found is null
            ? CmdContext.Error(StatusCodes.Status404NotFound, $"no member '{text}'; members: {string.Join(", ", members.Select(a => a.ToString()).Order(StringComparer.Ordinal))}")
            : act(found);
    }

    /// <summary>The member <paramref name="text"/> names: an Akka address, <c>host:port</c> of its remoting, or a Paxos node id.</summary>
    internal static Address? Resolve(string text, IReadOnlyList<Address> members, Func<int, (string Host, int Port)?> nodeEndpoint)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int id))
        {
            return nodeEndpoint(id) is { } endpoint ? members.FirstOrDefault(a => a.Host == endpoint.Host && a.Port == endpoint.Port) : null;
        }

        if (text.Contains("://", StringComparison.Ordinal))
        {
            return TryParseAddress(text, out var address) ? members.FirstOrDefault(a => a.Equals(address)) : null;
        }

        int colon = text.LastIndexOf(':');
        return colon > 0 && int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port)
            ? members.FirstOrDefault(a => a.Host == text[..colon] && a.Port == port)
            : null;
    }

    private static bool TryParseAddress(string text, out Address address)
    {
        try
        {
            address = Address.Parse(text.Trim());
            return address.Host is not null && address.Port is not null;
        }
        catch (UriFormatException)
        {
            address = Address.AllSystems;
            return false;
        }
    }

    private static IResult Action(string action, IReadOnlyList<Address> addresses, string message) =>
        Results.Json(new PbmClusterAction(action, [.. addresses.Select(a => a.ToString())], message), PbmJson.Default.PbmClusterAction);
}
