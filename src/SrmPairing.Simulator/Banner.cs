using System.Globalization;

namespace Srm.Simulator;

/// <summary>
/// What the console app prints once it listens. The first two lines are parsed by tests and scripts with
/// <c>listening on (https://\S+)</c> and <c>thumbprint: ([0-9A-F:]+)</c>; keep them as they are. Passwords are never printed.
/// </summary>
public static class Banner
{
    public static void Write(TextWriter output, SimulatorHost host, SimulatorOptions options)
    {
        var sites = host.State.Sites;
        var local = sites.Local;
        output.WriteLine($"SRM simulator listening on {host.BaseUrl}");
        output.WriteLine($"Certificate SHA-256 thumbprint: {host.CertificateSha256Thumbprint}");
        output.WriteLine($"Certificate SHA-1 thumbprint: {host.CertificateSha1Thumbprint}");
        output.WriteLine($"Local site: SRM {local.SrmName} (id {local.SrmId}, version {local.SrmVersion}), vCenter Server {local.VcName} (guid {local.VcGuid}), extension {local.ExtensionKey}");
        output.WriteLine($"Login user: {options.UserName} (password not shown)");
        output.WriteLine($"Pairing task duration: {(long)host.State.TaskDuration.TotalMilliseconds} ms");
        output.WriteLine(sites.RemoteSites.Count == 0 ? "Known remote sites: none"
            : host.SiteEndpoints is null ? "Known remote sites:"
            : $"Known remote sites (each PSC and SRM is a TLS endpoint on {SiteEndpoints.Host} serving its own certificate):");
        foreach (var remote in sites.RemoteSites)
        {
            output.WriteLine($"  vCenter Server {remote.VcName} guid {remote.VcGuid}");
            output.WriteLine($"    PSC {remote.PscUrl}:{remote.PscPort} user {remote.PscUsername} thumbprint {remote.PscThumbprint}{Sha256(remote.PscThumbprintSha256)}");
            output.WriteLine($"    SRM {remote.SrmUrl} thumbprint {remote.SrmThumbprint}{Sha256(remote.SrmThumbprintSha256)} (name {remote.SrmName}, id {remote.SrmId}, version {remote.SrmVersion})");
        }
        WriteMisbehaviour(output, host);
        output.WriteLine($"Control endpoints: {host.ControlUrl} (GET /stats, GET /sessions, POST /reset, POST /tasks/{{taskId}}/cancel|fail|stall, GET|POST|DELETE /faults, POST /sessions/expire, POST /sessions/lifetime, POST /stall-tasks, GET|POST /rate-limit, POST /task-result, GET|POST /alternatives, GET /sites, POST /sites/{{vc_guid}}/rotate-certificates, GET /settings)");
        output.WriteLine("Press Ctrl+C to stop.");
        output.Flush();
    }

    private static string Sha256(string? thumbprint) => thumbprint is null ? "" : $" (SHA-256 {thumbprint})";

    /// <summary>The misbehaviour switched on at start-up; nothing when the simulator behaves.</summary>
    private static void WriteMisbehaviour(TextWriter output, SimulatorHost host)
    {
        var switches = host.State.Behaviour;
        if (switches.SessionLifetime is { } lifetime)
            output.WriteLine($"Session lifetime: {(long)lifetime.TotalSeconds} s (then 401)");
        if (switches.StallNewTasks)
            output.WriteLine("Stalled tasks: new pairing tasks stay RUNNING and never finish");
        if (switches.TaskResultMode == TaskResultMode.PairingId)
            output.WriteLine("Task result: a successful pairing task's result is {\"pairing_id\": \"...\"}");
        if (switches.TaskResultMode == TaskResultMode.PairingIdString)
            output.WriteLine("Task result: a successful pairing task's result is the new pairing's id as a bare string");
        var alternatives = switches.Alternatives;
        if (alternatives.RemoteSessionNotLoggedInStatus != SpecAlternatives.Default.RemoteSessionNotLoggedInStatus)
            output.WriteLine($"Remote session not logged in: GET /pairings/{{id}}/remote-session answers {alternatives.RemoteSessionNotLoggedInStatus} (no body)");
        if (alternatives.TaskMeta)
            output.WriteLine("Task meta: 202 Task answers include \"_meta\"");
        if (alternatives.LoginRefusedStatus != SpecAlternatives.Default.LoginRefusedStatus)
            output.WriteLine($"Login refused: POST /session with a wrong password answers {alternatives.LoginRefusedStatus} with a ResponseError");
        var rateLimit = host.RateLimiter.Settings;
        if (rateLimit.Enabled)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Rate limit: {rateLimit.PerSession} requests per session and {rateLimit.PerAddress} per client address in any {host.RateLimiter.Window.TotalSeconds:0.###} s (sliding window), then 429 with Retry-After"));
        var faults = host.Faults.List();
        if (faults.Count > 0)
        {
            output.WriteLine("Fault rules (in order):");
            foreach (var fault in faults)
                output.WriteLine($"  #{fault.Id} {fault.Rule}");
        }
    }
}
