using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using PaxosAkka.Node.Http;
using PaxosAkka.Node.Metrics;

namespace PaxosAkka.Node.Tests.Http;

/// <summary>A real Kestrel server on 127.0.0.1 (port chosen by the OS) serving <see cref="PaxosApi"/> over a fake service.</summary>
internal sealed class ApiHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ApiHost(WebApplication app, FakeKvService service, NodeMetrics metrics, Uri baseAddress)
    {
        _app = app;
        Service = service;
        Metrics = metrics;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public FakeKvService Service { get; }

    public NodeMetrics Metrics { get; }

    public HttpClient Client { get; }

    public static async Task<ApiHost> StartAsync(FakeKvService? service = null, PaxosApiOptions? options = null)
    {
        service ??= new FakeKvService();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var metrics = new NodeMetrics(service);
        app.MapPaxosApi(service, metrics, options ?? new PaxosApiOptions());
        await app.StartAsync();
        return new ApiHost(app, service, metrics, new Uri(app.Urls.Single()));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
