using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Srm.Simulator.Endpoints;
using Srm.Simulator.Faults;
using Srm.Simulator.Middleware;

namespace Srm.Simulator;

/// <summary>
/// A running simulator: HTTPS on 127.0.0.1 only, with a fresh self-signed certificate. Used by the console app and,
/// in-process, by tests: <c>await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions());</c>
/// </summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    public const string ApiBasePath = "/api/rest/srm/v2";

    private readonly WebApplication _app;
    private int _stopped;

    private SimulatorHost(WebApplication app, SimulatorState state, FaultPlan faults, RateLimiter rateLimiter, X509Certificate2 certificate, int port, SiteEndpoints? siteEndpoints)
    {
        SiteEndpoints = siteEndpoints;
        _app = app;
        State = state;
        Faults = faults;
        RateLimiter = rateLimiter;
        Certificate = certificate;
        Port = port;
        BaseUrl = new Uri($"https://127.0.0.1:{port}{ApiBasePath}");
        ControlUrl = new Uri($"https://127.0.0.1:{port}{ControlEndpoints.BasePath}");
        CertificateSha256Thumbprint = SelfSignedCertificate.Sha256Thumbprint(certificate);
        CertificateSha1Thumbprint = SelfSignedCertificate.Sha1Thumbprint(certificate);
    }

    /// <summary>https://127.0.0.1:PORT/api/rest/srm/v2 (no trailing slash).</summary>
    public Uri BaseUrl { get; }

    /// <summary>https://127.0.0.1:PORT/simulator (no trailing slash).</summary>
    public Uri ControlUrl { get; }

    public int Port { get; }

    public X509Certificate2 Certificate { get; }

    /// <summary>Colon-separated upper-case hex, "AB:CD:...".</summary>
    public string CertificateSha256Thumbprint { get; }

    public string CertificateSha1Thumbprint { get; }

    public SimulatorState State { get; }

    /// <summary>The TLS endpoints of the remote sites' PSC and SRM servers (<see cref="SimulatorOptions.SiteEndpoints"/>), or null.</summary>
    public SiteEndpoints? SiteEndpoints { get; }

    /// <summary>The active fault rules (--fault and POST /simulator/faults).</summary>
    public FaultPlan Faults { get; }

    /// <summary>The appliance's rate limiter (--rate-limit and POST /simulator/rate-limit).</summary>
    public RateLimiter RateLimiter { get; }

    /// <summary>Completes when the host begins to stop (StopAsync, or Ctrl+C / SIGTERM in the console app).</summary>
    public async Task WaitForShutdownAsync(CancellationToken ct = default)
    {
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStopping = _app.Lifetime.ApplicationStopping.Register(() => stopping.TrySetResult());
        using var onCancel = ct.Register(() => stopping.TrySetResult());
        await stopping.Task;
    }

    public static async Task<SimulatorHost> StartAsync(SimulatorOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var sites = options.ResolveSites();
        var state = new SimulatorState(sites, options.TaskDuration, options.TimeProvider);
        state.Behaviour.SessionLifetime = options.SessionLifetime;
        state.Behaviour.StallNewTasks = options.StallTasks;
        state.Behaviour.TaskResultMode = options.TaskResult;
        state.Behaviour.Alternatives = options.Alternatives;
        var faults = new FaultPlan();
        var rateLimiter = new RateLimiter(options.RateLimit, options.RateLimitWindow, options.TimeProvider);
        var certificate = SelfSignedCertificate.Create(sites.Local.SrmName);

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [],
            EnvironmentName = Environments.Production,
            ApplicationName = typeof(SimulatorHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });

        // Nothing from ASP.NET on stdout (the console app's stdout is the banner); warnings and errors go to stderr.
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // A failed start (a port in use) is thrown to the caller, which reports it in one line: the host's own log
        // entry would repeat it with a full stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);

        // Only the built-in sites get endpoints: a sites file names the servers a second simulator (or a real site) runs.
        var serveSites = options.SiteEndpoints && ReferenceEquals(sites, SiteCatalog.Default) && sites.RemoteSites.Count > 0;
        SiteEndpoints? siteEndpoints = null;
        Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions? apiListener = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, options.Port, listen =>
            {
                apiListener = listen;
                listen.UseHttps(certificate);
            });
            if (serveSites)
                siteEndpoints = SiteEndpoints.Listen(kestrel, sites, options.Port, () => state.Sites);
        });
        builder.Services.AddSingleton(state);
        builder.Services.AddSingleton(state.Sessions);
        builder.Services.AddSingleton(state.Counters);
        builder.Services.AddSingleton(faults);
        builder.Services.AddSingleton(rateLimiter);

        var app = builder.Build();
        ConfigurePipeline(app, state, options, faults, rateLimiter, () => siteEndpoints);

        try
        {
            // Start-up rules must name real endpoints, like the ones added at run time.
            var known = ApiEndpointKey.KnownKeys(app);
            foreach (var rule in options.Faults)
            {
                if (FaultControlEndpoints.UnknownEndpoint(rule, known) is { } error)
                    throw new SimulatorOptionsException($"Option --fault '{rule}': {error}");
                faults.Add(rule);
            }
            await app.StartAsync(ct);
            if (siteEndpoints is not null)
            {
                state.Certificates.UseStartupSites(siteEndpoints.PointSitesAtEndpoints(sites));
                state.Certificates.CertificateIssuer = siteEndpoints.Rotate;
            }
        }
        catch
        {
            await app.DisposeAsync();
            certificate.Dispose();
            siteEndpoints?.Dispose();
            throw;
        }

        // The API's own listener (the remote site endpoints listen on other ports).
        var port = apiListener?.IPEndPoint?.Port
            ?? (app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() is { } address
                ? new Uri(address).Port
                : throw new InvalidOperationException("The simulator's API listener reports no address."));
        return new SimulatorHost(app, state, faults, rateLimiter, certificate, port, siteEndpoints);
    }

    private static void ConfigurePipeline(WebApplication app, SimulatorState state, SimulatorOptions options, FaultPlan faults, RateLimiter rateLimiter, Func<SiteEndpoints?> siteEndpoints)
    {
        // A remote site endpoint only has to answer TLS: an HTTP request there gets 404 and never reaches the API.
        app.Use(async (context, next) =>
        {
            if (siteEndpoints() is { } endpoints && endpoints.IsEndpointPort(context.Connection.LocalPort))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            await next(context);
        });
        app.UseMiddleware<ApiExceptionMiddleware>();
        app.UseRouting();
        app.UseMiddleware<RequestStatisticsMiddleware>();
        // After routing, so rules can target endpoints by template, and before the endpoints, so they can answer
        // instead of them. Injected faults stand for the network and proxies in front of the appliance, so they come
        // before the appliance's own rate limiter.
        app.UseMiddleware<FaultInjectionMiddleware>();
        app.UseMiddleware<RateLimitMiddleware>();

        var api = app.MapGroup(ApiBasePath);
        SessionEndpoints.MapLogin(api, state, options);

        var authenticated = api.MapGroup("").RequireSrmSession(state.Sessions);
        SessionEndpoints.MapSession(authenticated, state);
        ServerInfoEndpoints.Map(authenticated, state);
        PairingEndpoints.Map(authenticated, state);
        PairingOperationEndpoints.Map(authenticated, state);
        TaskEndpoints.Map(authenticated, state);

        // Anything else under the base path (unknown path or method): 404 with an empty body.
        api.Map("/{**path}", () => ApiResults.NotFound());

        ControlEndpoints.Map(app, state, faults, rateLimiter);
        SiteControlEndpoints.Map(app, state);
        FaultControlEndpoints.Map(app, faults, () => ApiEndpointKey.KnownKeys(app));
        BehaviourControlEndpoints.Map(app, state, faults, rateLimiter);
    }

    public async Task StopAsync(CancellationToken ct = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
            await _app.StopAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
        Certificate.Dispose();
        SiteEndpoints?.Dispose();
    }
}
