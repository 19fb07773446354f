using Srm.Simulator;

// The console app: parse options, start the simulator, print the banner, serve until Ctrl+C / SIGTERM
// (or until standard input closes, with --exit-on-stdin-close). Exit code 2 means bad options (a --fault naming an
// unknown endpoint included) or a bad sites file.

SimulatorOptions options;
try
{
    options = SimulatorOptions.Parse(args);
    if (options.ShowHelp)
    {
        Console.Out.WriteLine(SimulatorOptions.Usage);
        return 0;
    }
    options.Sites = options.ResolveSites();
}
catch (SimulatorOptionsException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}

SimulatorHost host;
try
{
    host = await SimulatorHost.StartAsync(options);
}
catch (IOException ex)
{
    // With --port N the remote site endpoints take the next ports, and any of them may be the one in use.
    var endpoints = options.SiteEndpoints && options.Port != 0 && ReferenceEquals(options.Sites, SiteCatalog.Default) && options.Sites.RemoteSites.Count > 0
        ? $" (or, for the remote site endpoints, 127.0.0.1:{options.Port + 1} to {options.Port + 2 * options.Sites.RemoteSites.Count}; --no-site-endpoints turns them off)"
        : "";
    Console.Error.WriteLine($"error: cannot listen on 127.0.0.1:{options.Port}{endpoints}: {ex.Message}");
    return 1;
}
catch (SimulatorOptionsException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}

await using (host)
{
    Banner.Write(Console.Out, host, options);
    if (options.ExitOnStdinClose)
        _ = StdinWatcher.StopWhenClosedAsync(host);
    await host.WaitForShutdownAsync();
}
return 0;
