namespace SrmPairing.Simulator;

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
        output.WriteLine(sites.RemoteSites.Count == 0 ? "Known remote sites: none" : "Known remote sites:");
        foreach (var remote in sites.RemoteSites)
        {
            output.WriteLine($"  vCenter Server {remote.VcName} guid {remote.VcGuid}");
            output.WriteLine($"    PSC {remote.PscUrl}:{remote.PscPort} user {remote.PscUsername} thumbprint {remote.PscThumbprint}");
            output.WriteLine($"    SRM {remote.SrmUrl} thumbprint {remote.SrmThumbprint} (name {remote.SrmName}, id {remote.SrmId}, version {remote.SrmVersion})");
        }
        output.WriteLine($"Control endpoints: {host.ControlUrl} (GET /stats, POST /reset, POST /tasks/{{taskId}}/cancel, POST /tasks/{{taskId}}/fail)");
        output.WriteLine("Press Ctrl+C to stop.");
        output.Flush();
    }
}
