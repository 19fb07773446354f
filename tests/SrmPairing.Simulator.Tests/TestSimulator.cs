using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Newtonsoft.Json.Linq;
using Srm.Simulator;
using Srm.Tests.Shared;

namespace Srm.Simulator.Tests;

/// <summary>
/// A simulator started in-process on a free port, with an HttpClient that trusts exactly its certificate
/// (compared by SHA-256 thumbprint), and small helpers that speak the API the way a client does.
/// </summary>
public sealed class TestSimulator : IAsyncDisposable
{
    private TestSimulator(SimulatorHost host, HttpClient client)
    {
        Host = host;
        Client = client;
    }

    public SimulatorHost Host { get; }

    public HttpClient Client { get; }

    public SimulatorState State => Host.State;

    public static async Task<TestSimulator> StartAsync(int taskDurationMs = 400, Action<SimulatorOptions>? configure = null)
    {
        var options = new SimulatorOptions { Port = 0, TaskDuration = TimeSpan.FromMilliseconds(taskDurationMs) };
        configure?.Invoke(options);
        var host = await SimulatorHost.StartAsync(options);
        var expected = host.CertificateSha256Thumbprint;
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
                certificate != null && SimulatorThumbprint.Format(certificate.GetCertHash(HashAlgorithmName.SHA256)) == expected,
        };
        var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(20) };
        return new TestSimulator(host, client);
    }

    /// <summary>An absolute URL for a path under the API base, e.g. "/pairings".</summary>
    public Uri Api(string relative) => new(Host.BaseUrl + relative);

    /// <summary>An absolute URL for a path under /simulator, e.g. "/stats".</summary>
    public Uri Control(string relative) => new(Host.ControlUrl + relative);

    public static string Basic(string user, string password) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    public async Task<HttpResponseMessage> LoginRawAsync(string? user = SimulatorOptions.DefaultUserName, string? password = SimulatorOptions.DefaultPassword)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Api("/session"));
        if (user != null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Basic(user, password ?? ""));
        return await Client.SendAsync(request);
    }

    public async Task<string> LoginAsync()
    {
        using var response = await LoginRawAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (string)JObject.Parse(await response.Content.ReadAsStringAsync())["session_id"]!;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string relative, string? session, string? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, Api(relative));
        if (session != null)
            request.Headers.Add("x-dr-session", session);
        if (body != null)
            request.Content = new StringContent(body, Encoding.UTF8, contentType);
        return await Client.SendAsync(request);
    }

    /// <summary>Sends a request and returns the status and the body text.</summary>
    public async Task<(HttpStatusCode Status, string Body)> CallAsync(HttpMethod method, string relative, string? session, string? body = null, string contentType = "application/json")
    {
        using var response = await SendAsync(method, relative, session, body, contentType);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>GET that must answer 200; returns the parsed body.</summary>
    public async Task<JObject> GetJsonAsync(string relative, string session)
    {
        var (status, body) = await CallAsync(HttpMethod.Get, relative, session);
        Assert.True(status == HttpStatusCode.OK, $"GET {relative}: expected 200, got {(int)status}: {body}");
        return (JObject)OpenApiSchemaValidator.ParseJson(body);
    }

    /// <summary>POST /pairings that must answer 202; returns the task.</summary>
    public async Task<JObject> CreatePairingAsync(string session, JObject spec)
    {
        var (status, body) = await CallAsync(HttpMethod.Post, "/pairings", session, spec.ToString());
        Assert.True(status == HttpStatusCode.Accepted, $"POST /pairings: expected 202, got {(int)status}: {body}");
        return (JObject)OpenApiSchemaValidator.ParseJson(body);
    }

    /// <summary>Pairs with <paramref name="site"/> (default vc-b), waits for the task to succeed and returns the new pairing's id.</summary>
    public async Task<string> PairAsync(string session, RemoteSiteDefinition? site = null)
    {
        site ??= PairingSpecs.SiteB;
        var task = await CreatePairingAsync(session, PairingSpecs.Valid(site));
        var done = await WaitForTaskAsync(session, (string)task["id"]!);
        Assert.True((string)done["status"]! == "SUCCESS", $"Pairing with {site.VcName} did not succeed: {done}");
        var list = (JArray)(await GetJsonAsync("/pairings", session))["list"]!;
        return (string)list.Single(p => (string)p["remote_vc_server"]!["id"]! == site.VcGuid.ToString())["pairing_id"]!;
    }

    /// <summary>POST /pairings/{id}/remote-session with the remote site's credentials as HTTP Basic (none when <paramref name="user"/> is null).</summary>
    public async Task<(HttpStatusCode Status, string Body)> RemoteLoginAsync(string session, string pairingId, string? user = SiteCatalog.DefaultPscUsername, string? password = SiteCatalog.DefaultPscPassword)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Api($"/pairings/{pairingId}/remote-session"));
        request.Headers.Add("x-dr-session", session);
        if (user != null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Basic(user, password ?? ""));
        using var response = await Client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Polls GET /tasks/{id} until the task is SUCCESS, ERROR or CANCELLED.</summary>
    public async Task<JObject> WaitForTaskAsync(string session, string taskId, int timeoutMs = 10000)
    {
        static bool IsFinal(JObject task) => (string)task["status"]! is "SUCCESS" or "ERROR" or "CANCELLED";
        var task = await PollAsync(() => GetJsonAsync("/tasks/" + Uri.EscapeDataString(taskId), session), IsFinal, timeoutMs);
        return IsFinal(task) ? task : throw new TimeoutException($"Task {taskId} still {task["status"]} after {timeoutMs} ms.");
    }

    /// <summary>
    /// Reads until <paramref name="done"/> holds or <paramref name="timeoutMs"/> has passed, every 25 ms; returns the
    /// last value read, done or not, for the caller to assert on. For what happens on the simulator's own time.
    /// </summary>
    public static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done, int timeoutMs = 10000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
                return value;
            await Task.Delay(25);
        }
    }

    /// <summary>POST to a control endpoint, e.g. ("/faults", "{...}"); no body when <paramref name="json"/> is null.</summary>
    public async Task<(HttpStatusCode Status, string Body)> PostControlAsync(string relative, string? json = null)
    {
        using var content = json == null ? null : new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await Client.PostAsync(Control(relative), content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>GET of a control endpoint that must answer 200; returns the parsed body.</summary>
    public async Task<JObject> GetControlJsonAsync(string relative) =>
        JObject.Parse(await Client.GetStringAsync(Control(relative)));

    /// <summary>POST /simulator/faults that must answer 201; returns the rule as the simulator shows it.</summary>
    public async Task<JObject> AddFaultAsync(string json)
    {
        var (status, body) = await PostControlAsync("/faults", json);
        Assert.True(status == HttpStatusCode.Created, $"POST /simulator/faults {json}: expected 201, got {(int)status}: {body}");
        return JObject.Parse(body);
    }

    public async Task ClearFaultsAsync()
    {
        using var response = await Client.DeleteAsync(Control("/faults"));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
    }
}
