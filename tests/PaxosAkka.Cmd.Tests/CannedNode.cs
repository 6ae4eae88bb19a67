using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PaxosAkka.Cmd.Tests;

/// <summary>A loopback HTTP server that answers its requests, one connection each, with canned statuses and bodies.</summary>
internal sealed class CannedNode : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    private readonly (HttpStatusCode Status, string Body)[] _answers;

    public CannedNode(params (HttpStatusCode Status, string Body)[] answers)
    {
        _answers = answers;
        _listener.Start();
        Url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        Requests = ServeAsync(answers.Length);
    }

    public string Url { get; }

    /// <summary>The port it listens on (what <c>pbm 127.0.0.1:PORT ...</c> is given).</summary>
    public int Port => int.Parse(Url[(Url.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The body of each request, in order (read by the time <see cref="Requests"/> completes).</summary>
    public List<string> RequestBodies { get; } = [];

    /// <summary>The request lines the client sent ("METHOD /path?query"), in order.</summary>
    public Task<List<string>> Requests { get; }

    /// <summary>Replaces the body of answer <paramref name="index"/> before it is sent (answers that must name <see cref="Url"/>).</summary>
    public void Answer(int index, string body) => _answers[index] = (_answers[index].Status, body);

    /// <summary>A loopback port nothing listens on (bound and released at once): a node that is down.</summary>
    public static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public void Dispose() => _listener.Stop();

    private async Task<List<string>> ServeAsync(int count)
    {
        var requests = new List<string>();
        for (int i = 0; i < count; i++)
        {
            using var client = await _listener.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(30));
            var (status, body) = _answers[i]; // read once a client came: a test may set it after construction
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
            string requestLine = await reader.ReadLineAsync() ?? "";
            int length = 0;
            while (await reader.ReadLineAsync() is { Length: > 0 } header)
            {
                if (header.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                {
                    length = int.Parse(header["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            // Read the body (ASCII in these tests) so closing the socket never resets an unread request.
            var content = new char[length];
            int read = 0;
            while (read < length && await reader.ReadAsync(content.AsMemory(read)) is var n and > 0)
            {
                read += n;
            }

            RequestBodies.Add(new string(content, 0, read));

            byte[] payload = Encoding.UTF8.GetBytes(body);
            string head = $"HTTP/1.1 {(int)status} {status}\r\nContent-Type: application/json\r\nContent-Length: {payload.Length}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            await stream.WriteAsync(payload);
            await stream.FlushAsync();
            var parts = requestLine.Split(' ');
            requests.Add($"{parts[0]} {parts[1]}");
        }

        return requests;
    }
}
