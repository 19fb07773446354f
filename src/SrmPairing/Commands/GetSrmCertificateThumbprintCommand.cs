using System;
using System.Management.Automation;
using Srm.Client.Certificates;
using Srm.Client.Http;
using Srm.Client.Models;

namespace Srm.PowerShell.Commands
{
    /// <summary>
    /// Get-SrmCertificateThumbprint: the certificate a server presents in a TLS handshake, with its SHA-1 and SHA-256
    /// thumbprints. Nothing is trusted and nothing is sent but the handshake: no HTTP request, no credential.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "SrmCertificateThumbprint")]
    [OutputType(typeof(SrmCertificateInfo))]
    public sealed class GetSrmCertificateThumbprintCommand : SrmCmdlet
    {
        /// <summary>"host", "host:port" or "https://host[:port]".</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotBlank]
        [Alias("ComputerName", "url")]
        public string Server { get; set; } = null!;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(1, 65535)]
        public int Port { get; set; }

        /// <summary>How long the connection and the handshake may take together, in seconds.</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = 15;

        protected override void ProcessRecord()
        {
            SrmEndpoint endpoint;
            try
            {
                endpoint = SrmEndpoint.Parse(Server, MyInvocation.BoundParameters.ContainsKey(nameof(Port)) && Port > 0 ? Port : (int?)null);
            }
            catch (ArgumentException ex)
            {
                WriteError(SrmErrors.InvalidArgument("SrmInvalidServerArgument", ex.Message, Server));
                return;
            }

            WriteVerbose($"Reading the TLS certificate of {endpoint.Host}:{endpoint.Port} (a handshake only; no request, no credential).");
            try
            {
                var info = Call(token => CertificateProbe.ProbeAsync(endpoint.Host, endpoint.Port, TimeSpan.FromSeconds(TimeoutSec), token));
                if (!info.IsTrusted)
                {
                    WriteVerbose($"This computer does not trust the certificate of {endpoint.Host}:{endpoint.Port} ({info.PolicyErrors}). " +
                                 "Compare its thumbprint with the appliance's own (console or VAMI) before you pin it.");
                }

                WriteObject(info);
            }
            catch (SrmApiException ex)
            {
                WriteError(SrmErrors.FromApi(ex, Server));
            }
            catch (SrmTlsHandshakeException ex)
            {
                WriteError(SrmErrors.TlsHandshakeFailed(ex, Server));
            }
        }
    }
}
