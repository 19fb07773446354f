namespace Srm.Simulator;

/// <summary>--exit-on-stdin-close: reads standard input until end of file, then stops the host.</summary>
public static class StdinWatcher
{
    public static async Task StopWhenClosedAsync(SimulatorHost host)
    {
        try
        {
            await using var stdin = Console.OpenStandardInput();
            var buffer = new byte[4096];
            while (await stdin.ReadAsync(buffer) > 0)
            {
                // Input is ignored; only its end matters.
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // A broken stdin counts as closed.
        }
        await host.StopAsync();
    }
}
