// Pairs the SRM site at --server with a remote site through the SrmPairing.Client package: connect, pair, wait for
// the task with progress, list the pairings, close the session.
//
//   SRM_PASSWORD=... dotnet run -- --server srm-a.example.com --thumbprint <SRM certificate thumbprint> \
//       --remote-psc vc-b.example.com --remote-psc-thumbprint <PSC certificate thumbprint> \
//       --remote-vc-guid 7d3c2b1a-0e9f-4a8b-8c7d-6e5f4a3b2c02
//
// The passwords come from the environment (SRM_PASSWORD; SRM_REMOTE_PASSWORD for the remote site, SRM_PASSWORD when
// it is not set), never from the command line. Exit code: 0 paired, 1 failed, 2 wrong usage or cancelled (Ctrl+C).
using Srm.Client.Http;
using Srm.Client.Models;
using Srm.Client.Pairings;
using Srm.Client.Tasks;

namespace ClientConsole;

internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        CommandLine options;
        try
        {
            options = CommandLine.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine(CommandLine.Usage);
            return 2;
        }

        // Ctrl+C cancels whatever is being waited for; the session is still closed.
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        try
        {
            return await PairAsync(options, cancel.Token);
        }
        catch (SrmApiException e)
        {
            // The message is safe to show (no password, session id or body); the properties keep the details.
            Console.Error.WriteLine($"error: {e.Kind} (HTTP {e.StatusCode?.ToString() ?? "-"}, op_id {e.OpId ?? "-"}): {e.Message}");
            return 1;
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Console.Error.WriteLine("cancelled");
            return 2;
        }
    }

    private static async Task<int> PairAsync(CommandLine options, CancellationToken cancellationToken)
    {
        var clientOptions = new SrmClientOptions
        {
            CertificateThumbprint = options.Thumbprint,
            SkipCertificateCheck = options.SkipCertificateCheck,
        };

        // POST /session and GET /server/info; nothing is left open when it fails.
        SrmConnection connection = await SrmConnection.ConnectAsync(
            SrmEndpoint.Parse(options.Server),
            new SrmCredential(options.User, options.Password),
            clientOptions,
            cancellationToken);
        Console.WriteLine($"connected: {connection.Name} (SRM {connection.Version}, vCenter {connection.VcName} {connection.VcGuid})");
        try
        {
            var spec = new PairingSpec
            {
                PscUrl = options.RemotePsc,
                PscPort = options.RemotePscPort,
                PscThumbprint = options.RemotePscThumbprint,
                PscCredential = new SrmCredential(options.RemoteUser, options.RemotePassword),
                VcGuid = options.RemoteVcGuid,
            };
            PairingCreationResult created = await connection.Pairings.CreateAsync(spec, cancellationToken);
            if (created.Task is null)
            {
                // The answer to POST /pairings was lost, and the pairing was found by looking.
                Console.WriteLine($"note: {created.RecoveryNote}");
            }
            else
            {
                Console.WriteLine($"task: {created.Task.Id} {created.Task.Status}");
                IReadOnlyList<SrmTask> final = await connection.Tasks.WaitAsync(
                    new[] { created.Task }, new ConsoleProgress(), options.Timeout, cancellationToken);
                SrmTask task = final[0];
                Console.WriteLine($"final: {task.Id} {task.Status}");
                if (task.Status != SrmTaskStatus.SUCCESS)
                {
                    Console.Error.WriteLine($"error: the pairing task ended {task.Status}: {task.Error?.Message ?? "(no message)"}");
                    return 1;
                }
            }

            foreach (SrmPairing pairing in await connection.Pairings.ListAsync(cancellationToken))
            {
                if (pairing.IsSelf)
                {
                    continue; // the site's own entry, which SRM lists among its pairings
                }

                Console.WriteLine($"pairing: {pairing.PairingId} {pairing.RemoteVcServer?.Name} {pairing.RemoteVcGuid}");
            }

            return 0;
        }
        finally
        {
            // DELETE /session, also after a failure or Ctrl+C; bounded, so that a server that hangs cannot keep us here.
            using var closing = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await connection.CloseAsync(closing.Token);
                Console.WriteLine("closed");
            }
            catch (Exception e) when (e is SrmApiException || e is OperationCanceledException)
            {
                Console.Error.WriteLine($"warning: the session was not closed cleanly: {e.Message}");
            }
        }
    }

    /// <summary>
    /// Writes each event of the wait as it comes. Report is called on the thread the wait runs on, one event at a
    /// time, so the lines keep their order (Progress&lt;T&gt; would post them to the thread pool instead).
    /// </summary>
    private sealed class ConsoleProgress : IProgress<SrmTaskWaitEvent>
    {
        public void Report(SrmTaskWaitEvent value)
        {
            switch (value.Kind)
            {
                case SrmTaskWaitEventKind.Progress:
                    Console.WriteLine($"progress: {value.TaskId} {value.Task?.Status} {value.Task?.Progress}%");
                    break;
                case SrmTaskWaitEventKind.Finished:
                    Console.WriteLine($"finished: {value.TaskId} {value.Task?.Status}");
                    break;
                case SrmTaskWaitEventKind.TimedOut:
                    Console.WriteLine($"timed out: {value.TaskId}");
                    break;
                default:
                    // NotFound, PollFailed: the wait goes on (for the other tasks, or with the next round).
                    Console.Error.WriteLine($"warning: {value.Kind} {value.TaskId}: {value.Error?.Message}");
                    break;
            }
        }
    }
}
