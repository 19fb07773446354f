using System.Globalization;
using Srm.Simulator.Faults;

namespace Srm.Simulator;

/// <summary>How to run the simulator: the command line of the console app, or set directly by tests.</summary>
public sealed class SimulatorOptions
{
    public const string DefaultUserName = "administrator@vsphere.local";
    public const string DefaultPassword = "VMware1!";
    public const int DefaultTaskDurationMs = 3000;
    public const int MaxSessionLifetimeSeconds = 366 * 24 * 3600;

    /// <summary>TCP port on 127.0.0.1; 0 lets the system pick a free one.</summary>
    public int Port { get; set; }

    /// <summary>A --sites JSON file; used when <see cref="Sites"/> is null.</summary>
    public string? SitesFile { get; set; }

    /// <summary>The sites to simulate; null means <see cref="SitesFile"/> or, failing that, the built-in defaults.</summary>
    public SiteCatalog? Sites { get; set; }

    /// <summary>How long a pairing task takes from QUEUED to its final state.</summary>
    public TimeSpan TaskDuration { get; set; } = TimeSpan.FromMilliseconds(DefaultTaskDurationMs);

    /// <summary>The local SRM login (HTTP Basic on POST /session).</summary>
    public string UserName { get; set; } = DefaultUserName;

    public string Password { get; set; } = DefaultPassword;

    /// <summary>
    /// Serve a TLS endpoint on 127.0.0.1 for each built-in remote site's PSC and SRM server and point the sites at them
    /// (see <see cref="Simulator.SiteEndpoints"/>). The console app does unless --no-site-endpoints is given; a host
    /// started in-process does only when this is set. Sites from a sites file are never served.
    /// </summary>
    public bool SiteEndpoints { get; set; }

    /// <summary>Stop when standard input reaches end of file (so a parent process that dies takes the simulator down).</summary>
    public bool ExitOnStdinClose { get; set; }

    /// <summary>--help was given: print <see cref="Usage"/> and exit.</summary>
    public bool ShowHelp { get; set; }

    /// <summary>--fault rules, applied in order from start-up.</summary>
    public List<FaultRule> Faults { get; } = [];

    /// <summary>--session-lifetime-seconds: how long a session stays valid after login; null = until logout.</summary>
    public TimeSpan? SessionLifetime { get; set; }

    /// <summary>--stall-tasks: new pairing tasks stay RUNNING and never finish on their own.</summary>
    public bool StallTasks { get; set; }

    /// <summary>--rate-limit, --session-rate-limit, --address-rate-limit: the appliance's rate limiter.</summary>
    public RateLimitSettings RateLimit { get; set; } = RateLimitSettings.Disabled;

    /// <summary>--task-result: what a successful create task reports as its result (null, {"pairing_id": "..."} or "...").</summary>
    public TaskResultMode TaskResult { get; set; } = TaskResultMode.None;

    /// <summary>--remote-session-not-logged-in, --task-meta, --login-refused: the answers the spec leaves open.</summary>
    public SpecAlternatives Alternatives { get; set; } = SpecAlternatives.Default;

    /// <summary>The rate limiter's sliding window (60 s, as on the appliance); tests may shorten it.</summary>
    public TimeSpan RateLimitWindow { get; set; } = RateLimiter.DefaultWindow;

    /// <summary>The clock tasks, sessions and the rate limiter are measured against; tests may substitute their own.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The sites to use: <see cref="Sites"/>, else the <see cref="SitesFile"/>, else the defaults.</summary>
    public SiteCatalog ResolveSites() => Sites ?? (SitesFile is null ? SiteCatalog.Default : SiteCatalog.LoadFile(SitesFile));

    public static string Usage => """
        SRM simulator: a stand-in for the VMware Site Recovery Manager REST API (v2) on https://127.0.0.1.

        Usage: SrmPairing.Simulator [options]

          --port <n>               TCP port on 127.0.0.1 (0..65535; default 0 = pick a free port)
          --sites <file.json>      local site and known remote sites (see sites.example.json); these sites
                                   are used as written, with no remote site endpoints
          --no-site-endpoints      do not serve the built-in remote sites' endpoints (see below); their PSC and
                                   SRM then have the names vc-b.example.com, srm-b.example.com, ... (which do not
                                   resolve) and the thumbprints of sites.example.json
          --task-duration-ms <n>   how long a pairing task runs from QUEUED to its final state (default 3000)
          --user <name>            local SRM login user (default administrator@vsphere.local)
          --password <pw>          local SRM login password (default VMware1!)
          --exit-on-stdin-close    stop when standard input is closed
          --help                   show this help

        Remote site endpoints: the PSC and the SRM server of each built-in remote site (vc-b, vc-c) is a TLS endpoint
        on 127.0.0.1 with its own self-signed certificate, so that Test-SrmPairing and Get-SrmCertificateThumbprint
        can reach them. The remote sites point at them: PSC url 127.0.0.1 with the endpoint's port, SRM url
        127.0.0.1:PORT, thumbprints of the certificates served (new at every start). Ports: free ones picked at
        start-up with --port 0; with --port N, N+1 and N+2 (vc-b's PSC and SRM), N+3 and N+4 (vc-c's). The banner
        lists them, as does GET /simulator/sites. An HTTP request to such an endpoint gets 404.

        Where the spec allows more than one answer (each can also be changed at run time: POST /simulator/alternatives):
          --remote-session-not-logged-in 401|404
                                   GET /pairings/{id}/remote-session when this session is not logged in to the
                                   remote site: 404 (the default) or 401, both without a body
          --task-meta include|omit a 202 Task (POST /pairings, DELETE, reconnect) with "_meta" (a TaskDrResponseEntity)
                                   or without (the default, as the v2 spec says)
          --task-result <mode>     what a successful pairing task reports as result: none (null, the default),
                                   pairing-id ({"pairing_id": "<new pairing's id>"}) or pairing-id-string (the bare id)
          --login-refused 400|401  POST /session with a wrong user or password: 401 without a body (the default) or
                                   400 with a ResponseError

        Misbehaving on demand (each can also be changed at run time under /simulator):
          --fault <spec>           add a fault rule for API requests; repeatable, applied in the order given
          --session-lifetime-seconds <n>
                                   a session is valid for n seconds after login, then 401 (empty body)
          --stall-tasks            new pairing tasks stay RUNNING (progress below 100) and never finish
          --rate-limit             the appliance's rate limiter: 50 requests per session and 100 per client
                                   address in any 60 s (sliding window); over quota: 429 with Retry-After
          --session-rate-limit <n> requests per session per 60 s (implies --rate-limit)
          --address-rate-limit <n> requests per client address per 60 s (implies --rate-limit)

        A fault spec is comma-separated key=value items; a bare word is the kind:
          kind=latency,ms=<n>                   delay the response by n ms
          kind=status,status=<code>             answer 500, 502, 503, 504, 408 or 429 with a ResponseError body
                                                (429: Retry-After header, retry_after=<s>, default 1; 503: if given)
          kind=drop,when=before|after           abort the connection before handling (nothing happens) or after
                                                (the request took effect, no response); default before
          kind=malformed                        handle the request, answer 200 with truncated JSON
          kind=html[,status=<code>]             answer an HTML error page, as a proxy would (default 502)
        and, for any kind:
          count=<n>                             apply to n requests, then the rule is spent (default: until cleared)
          endpoint=<METHOD /route-template>     only this endpoint, as in /simulator/stats by_endpoint
        kind may be left out when status= or ms= implies it. Every matching latency rule adds its delay; the first
        matching rule of another kind is applied. Examples:
          --fault "status=503,count=2,endpoint=GET /tasks/{taskId}"
          --fault "drop,when=after,endpoint=POST /pairings,count=1"
          --fault kind=latency,ms=500

        Control endpoints (no session): GET /simulator/stats, GET /simulator/sessions, POST /simulator/reset,
        GET|POST|DELETE /simulator/faults, DELETE /simulator/faults/{id}, POST /simulator/sessions/expire,
        POST /simulator/sessions/lifetime, POST /simulator/stall-tasks, POST /simulator/tasks/{taskId}/stall|cancel|fail,
        GET|POST /simulator/rate-limit, POST /simulator/task-result, GET|POST /simulator/alternatives,
        GET /simulator/sites, POST /simulator/sites/{vc_guid}/rotate-certificates, GET /simulator/settings.

        The first two lines printed are the API base URL and the certificate's SHA-256 thumbprint.
        """;

    /// <summary>Parses the command line. Throws <see cref="SimulatorOptionsException"/> on a bad option.</summary>
    public static SimulatorOptions Parse(IReadOnlyList<string> args)
    {
        var options = new SimulatorOptions { SiteEndpoints = true };
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? inlineValue = null;
            var eq = arg.IndexOf('=');
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 2)
            {
                inlineValue = arg[(eq + 1)..];
                arg = arg[..eq];
            }

            string Value()
            {
                if (inlineValue is not null)
                    return inlineValue;
                if (i + 1 >= args.Count)
                    throw new SimulatorOptionsException($"Option {arg} needs a value.");
                return args[++i];
            }

            void NoValue()
            {
                if (inlineValue is not null)
                    throw new SimulatorOptionsException($"Option {arg} takes no value.");
            }

            switch (arg.ToLowerInvariant())
            {
                case "--port":
                    options.Port = ParseInt(arg, Value(), 0, 65535);
                    break;
                case "--sites":
                    options.SitesFile = NotEmpty(arg, Value());
                    break;
                case "--task-duration-ms":
                    options.TaskDuration = TimeSpan.FromMilliseconds(ParseInt(arg, Value(), 0, 24 * 3600 * 1000));
                    break;
                case "--user":
                    options.UserName = NotEmpty(arg, Value());
                    break;
                case "--password":
                    options.Password = Value();
                    break;
                case "--task-result":
                    var modeText = Value();
                    if (!Endpoints.BehaviourControlEndpoints.TryParseTaskResultMode(modeText, out var mode))
                        throw new SimulatorOptionsException($"Option --task-result must be none, pairing-id or pairing-id-string (got '{modeText}').");
                    options.TaskResult = mode;
                    break;
                case "--remote-session-not-logged-in":
                    var remoteText = Value();
                    if (!SpecAlternatives.TryParseRemoteSessionStatus(remoteText, out var remoteStatus))
                        throw new SimulatorOptionsException($"Option --remote-session-not-logged-in must be 401 or 404 (got '{remoteText}').");
                    options.Alternatives = options.Alternatives with { RemoteSessionNotLoggedInStatus = remoteStatus };
                    break;
                case "--task-meta":
                    var metaText = Value();
                    if (!SpecAlternatives.TryParseTaskMeta(metaText, out var includeMeta))
                        throw new SimulatorOptionsException($"Option --task-meta must be include or omit (got '{metaText}').");
                    options.Alternatives = options.Alternatives with { TaskMeta = includeMeta };
                    break;
                case "--login-refused":
                    var loginText = Value();
                    if (!SpecAlternatives.TryParseLoginRefusedStatus(loginText, out var loginStatus))
                        throw new SimulatorOptionsException($"Option --login-refused must be 400 or 401 (got '{loginText}').");
                    options.Alternatives = options.Alternatives with { LoginRefusedStatus = loginStatus };
                    break;
                case "--no-site-endpoints":
                    NoValue();
                    options.SiteEndpoints = false;
                    break;
                case "--exit-on-stdin-close":
                    NoValue();
                    options.ExitOnStdinClose = true;
                    break;
                case "--fault":
                    var spec = Value();
                    if (!FaultSpecParser.TryParse(spec, out var rule, out var error))
                        throw new SimulatorOptionsException($"Option --fault '{spec}': {error}");
                    options.Faults.Add(rule);
                    break;
                case "--session-lifetime-seconds":
                    options.SessionLifetime = TimeSpan.FromSeconds(ParseInt(arg, Value(), 1, MaxSessionLifetimeSeconds));
                    break;
                case "--stall-tasks":
                    NoValue();
                    options.StallTasks = true;
                    break;
                case "--rate-limit":
                    NoValue();
                    options.RateLimit = options.RateLimit with { Enabled = true };
                    break;
                case "--session-rate-limit":
                    options.RateLimit = options.RateLimit with { Enabled = true, PerSession = ParseInt(arg, Value(), 1, RateLimitSettings.MaxQuota) };
                    break;
                case "--address-rate-limit":
                    options.RateLimit = options.RateLimit with { Enabled = true, PerAddress = ParseInt(arg, Value(), 1, RateLimitSettings.MaxQuota) };
                    break;
                case "--help" or "-h" or "-?" or "/?":
                    NoValue();
                    options.ShowHelp = true;
                    break;
                default:
                    throw new SimulatorOptionsException($"Unknown option '{args[i]}'. Use --help to list the options.");
            }
        }
        return options;
    }

    private static int ParseInt(string option, string text, int min, int max)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw new SimulatorOptionsException($"Option {option} must be a whole number from {min} to {max} (got '{text}').");
        return value;
    }

    private static string NotEmpty(string option, string text)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new SimulatorOptionsException($"Option {option} must not be empty.");
        return text;
    }
}
