using System;
using System.Management.Automation;
using System.Threading;
using Srm.PowerShell.Completion;
using Srm.Client.Http;
using Srm.Client.Models;

namespace Srm.PowerShell.Commands
{
    /// <summary>Connect-SrmServer: opens a session with an SRM server and reads its /server/info.</summary>
    [Cmdlet(VerbsCommunications.Connect, "SrmServer")]
    [OutputType(typeof(SrmConnection))]
    public sealed class ConnectSrmServerCommand : SrmCmdlet
    {
        /// <summary>"host", "host:port" or "https://host[:port]".</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotBlank]
        [Alias("SrmServer", "ComputerName")]
        [ArgumentCompleter(typeof(ConnectionCompleter))]
        public string Server { get; set; } = null!;

        [Parameter(Mandatory = true, Position = 1)]
        [Credential]
        [ValidateNotNull]
        [ValidateCredential]
        public PSCredential Credential { get; set; } = null!;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(1, 65535)]
        public int Port { get; set; }

        [Parameter]
        public SwitchParameter SkipCertificateCheck { get; set; }

        [Parameter]
        [ValidateNotBlank]
        public string? CertificateThumbprint { get; set; }

        [Parameter]
        public SwitchParameter NotDefault { get; set; }

        /// <summary>The limit for each request, in seconds (as Invoke-RestMethod's -TimeoutSec).</summary>
        [Parameter]
        [ValidateRange(1, 86400)]
        public int TimeoutSec { get; set; } = 100;

        /// <summary>How often a GET is repeated after a transient failure (as Invoke-RestMethod's -MaximumRetryCount).</summary>
        [Parameter]
        [ValidateRange(0, 10)]
        public int MaximumRetryCount { get; set; } = 3;

        /// <summary>The first pause before a repeat, in seconds; it doubles for each further attempt.</summary>
        [Parameter]
        [ValidateRange(1, 60)]
        public int RetryIntervalSec { get; set; } = 1;

        /// <summary>The client-side request budget of this connection; 0 turns the limiter off.</summary>
        [Parameter]
        [ValidateRange(0, 10000)]
        public int MaxRequestsPerMinute { get; set; } = 50;

        /// <summary>An SSO user of the paired sites: right after connecting, the session logs in to each paired remote site.</summary>
        [Parameter]
        [Credential]
        [ValidateNotNull]
        [ValidateCredential]
        public PSCredential? RemoteCredential { get; set; }

        protected override void ProcessRecord()
        {
            SrmEndpoint endpoint;
            try
            {
                endpoint = SrmEndpoint.Parse(Server, MyInvocation.BoundParameters.ContainsKey(nameof(Port)) ? Port : (int?)null);
                if (CertificateThumbprint != null)
                {
                    Thumbprint.Normalize(CertificateThumbprint);
                }
            }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(SrmErrors.InvalidArgument("SrmInvalidServerArgument", ex.Message, Server));
                return;
            }

            if (SkipCertificateCheck && CertificateThumbprint != null)
            {
                ThrowTerminatingError(SrmErrors.InvalidArgument("SrmConflictingCertificateOptions",
                    "Use either -SkipCertificateCheck or -CertificateThumbprint, not both.", Server));
            }

            var options = new SrmClientOptions
            {
                SkipCertificateCheck = SkipCertificateCheck,
                CertificateThumbprint = CertificateThumbprint,
                RequestTimeout = TimeSpan.FromSeconds(TimeoutSec),
                MaximumRetryCount = MaximumRetryCount,
                RetryInterval = TimeSpan.FromSeconds(RetryIntervalSec),
                MaxRequestsPerMinute = MaxRequestsPerMinute,
            };
            var credential = Credential.ToRequiredSrmCredential();
            var trace = new ConnectionTrace();
            options.Trace = trace.Write;

            WriteVerbose($"Connecting to {endpoint.BaseUri} as {credential.UserName}.");
            if (SkipCertificateCheck)
            {
                WriteWarning($"-SkipCertificateCheck: the certificate of {endpoint.Host} is not verified. Use it only with a test appliance.");
            }

            SrmConnection connection;
            try
            {
                connection = Call(trace, token => SrmConnection.ConnectAsync(endpoint, credential, options, token));
            }
            catch (SrmApiException ex)
            {
                ThrowTerminatingError(SrmErrors.FromApi(ex, Server));
                return;
            }

            trace.Attach(connection);
            if (RemoteCredential != null)
            {
                try
                {
                    LogInToRemoteSites(connection, RemoteCredential);
                }
                catch
                {
                    // A refused site's error stopped the command (-ErrorAction Stop), or Ctrl+C: the caller never gets
                    // the connection, so its session must not stay open on the appliance.
                    Abandon(connection);
                    throw;
                }
            }

            // Registered only now: a connection that was closed above never becomes the default, nor is it listed.
            SrmConnectionRegistry.Add(connection, makeDefault: !NotDefault);
            WriteVerbose($"Connected to SRM {connection.Name} {connection.Version} (vCenter Server {connection.VcName}, {connection.VcGuid})." +
                         $" -Connection {connection} names this connection." + (NotDefault ? string.Empty : " It is now the default connection."));
            WriteObject(connection);
        }

        /// <summary>Closes the new session (best effort, with a short time limit of its own) when the command fails after logging in.</summary>
        private static void Abandon(SrmConnection connection)
        {
            try
            {
                using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
                {
                    connection.CloseAsync(limit.Token).Wait(TimeSpan.FromSeconds(10));
                }
            }
            catch (AggregateException)
            {
                // The session could not be closed (it expires on the server); the original failure is the news.
            }
        }

        /// <summary>Logs the new session in to every paired remote site; a failed site is a non-terminating error of its own.</summary>
        private void LogInToRemoteSites(SrmConnection connection, PSCredential remoteCredential)
        {
            var remote = remoteCredential.ToRequiredSrmCredential();
            try
            {
                foreach (var outcome in Call(connection, token => connection.Pairings.LoginRemoteAllAsync(remote, token)))
                {
                    if (outcome.Error == null)
                    {
                        WriteVerbose($"Logged in to the remote site of pairing {outcome.Pairing.PairingId} ({SrmErrors.DescribeRemote(outcome.Pairing)}) as {remote.UserName}.");
                    }
                    else
                    {
                        WriteError(SrmErrors.RemoteLoginFailed(outcome.Pairing, outcome.Error));
                    }
                }
            }
            catch (SrmApiException ex)
            {
                // The pairings could not be listed: the connection itself is fine and is still returned.
                WriteError(SrmErrors.RemoteSitesNotListed(ex, connection));
            }
        }
    }
}
