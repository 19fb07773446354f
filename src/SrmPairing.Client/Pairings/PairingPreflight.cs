using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Srm.Client.Certificates;
using Srm.Client.Http;
using Srm.Client.Models;

namespace Srm.Client.Pairings
{
    /// <summary>
    /// The checks Test-SrmPairing runs before a pairing, creating nothing: the input, not the site itself, not
    /// already paired, the remote PSC reachable over TLS with the expected certificate, the remote SRM certificate,
    /// and (with a remote connection) the vCenter GUID and the extension key. Reads GET /pairings (at most once per
    /// instance, so once per pipeline for a cmdlet that keeps one per connection) and TLS certificates; never POSTs.
    /// The spec is built as New-SrmPairing builds it, by <see cref="PairingResolver"/>.
    /// </summary>
    public sealed class PairingPreflight
    {
        /// <summary>The name of the check that the input is complete and well-formed.</summary>
        public const string Input = "Input";
        /// <summary>The name of the check that the remote vCenter Server is not the site's own.</summary>
        public const string NotSelf = "NotSelf";
        /// <summary>The name of the check that the site is not paired with it already.</summary>
        public const string NotPaired = "NotPaired";
        /// <summary>The name of the check that the remote PSC answers a TLS handshake.</summary>
        public const string RemotePscReachable = "RemotePscReachable";
        /// <summary>The name of the check of the remote PSC's thumbprint.</summary>
        public const string RemotePscThumbprint = "RemotePscThumbprint";
        /// <summary>The name of the check of the remote SRM server's thumbprint.</summary>
        public const string RemoteSrmThumbprint = "RemoteSrmThumbprint";
        /// <summary>The name of the check that the remote vCenter GUID is the remote connection's.</summary>
        public const string RemoteVcGuid = "RemoteVcGuid";
        /// <summary>The name of the check that both sites have the same SRM extension key.</summary>
        public const string ExtensionKey = "ExtensionKey";

        /// <summary>How a missing credential starts in <see cref="PairingSpec.Validate()"/>: the checks do not need it.</summary>
        private const string CredentialProblem = "-RemoteCredential:";

        /// <summary>How long each certificate read may take.</summary>
        public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

        private readonly Func<CancellationToken, Task<IReadOnlyList<SrmPairing>>> _getPairings;
        private readonly CertificateProbeFunc _probe;
        private Task<IReadOnlyList<SrmPairing>>? _pairings;

        /// <summary>A preflight of pairings for <paramref name="connection"/>; its pairings are read once, by the first check that needs them.</summary>
        /// <param name="connection">The site that would pair.</param>
        public PairingPreflight(SrmConnection connection)
            : this(connection, null, null)
        {
        }

        /// <summary>The test seam: the pairings and certificates from the caller (null: from the connection and <see cref="CertificateProbe.Default"/>).</summary>
        internal PairingPreflight(SrmConnection connection, Func<CancellationToken, Task<IReadOnlyList<SrmPairing>>>? getPairings, CertificateProbeFunc? probe)
        {
            Connection = connection ?? throw new ArgumentNullException(nameof(connection));
            _getPairings = getPairings ?? (token => connection.Pairings.ListAsync(token));
            _probe = probe ?? CertificateProbe.Default;
        }

        /// <summary>The site that would pair.</summary>
        public SrmConnection Connection { get; }

        /// <summary>The checks of one pairing of <paramref name="connection"/> with what <paramref name="inputs"/> name (reads GET /pairings each call).</summary>
        /// <param name="connection">The site that would pair.</param>
        /// <param name="inputs">What New-SrmPairing would be given.</param>
        /// <param name="cancellationToken">Cancels the reads.</param>
        /// <returns>One check per name above, in that order.</returns>
        public static Task<IReadOnlyList<SrmPairingCheck>> RunAsync(SrmConnection connection, PairingInputs inputs, CancellationToken cancellationToken) =>
            new PairingPreflight(connection).RunAsync(inputs, cancellationToken);

        /// <summary>The checks with the pairings and certificates from the caller; the seam of the tests.</summary>
        internal static Task<IReadOnlyList<SrmPairingCheck>> RunAsync(SrmConnection local, PairingInputs inputs,
            Func<CancellationToken, Task<IReadOnlyList<SrmPairing>>>? getPairings, CertificateProbeFunc? probe,
            CancellationToken cancellationToken) =>
            new PairingPreflight(local, getPairings, probe).RunAsync(inputs, cancellationToken);

        /// <summary>
        /// The checks of one pairing of <see cref="Connection"/> with what <paramref name="inputs"/> name. The pairings
        /// are read once per instance (again after a read that failed or was cancelled).
        /// </summary>
        /// <param name="inputs">What New-SrmPairing would be given.</param>
        /// <param name="cancellationToken">Cancels the reads.</param>
        /// <returns>One check per name above, in that order.</returns>
        public async Task<IReadOnlyList<SrmPairingCheck>> RunAsync(PairingInputs inputs, CancellationToken cancellationToken)
        {
            if (inputs == null)
            {
                throw new ArgumentNullException(nameof(inputs));
            }

            var local = Connection;
            var probe = _probe;
            var resolved = PairingResolver.Resolve(inputs);
            var spec = resolved.Spec;
            var remote = inputs.RemoteConnection;
            var target = spec.ToString();
            var checks = new List<SrmPairingCheck>();
            void Add(string name, SrmCheckResult result, string message) => checks.Add(new SrmPairingCheck(name, result, message, target));

            // Input: what New-SrmPairing would refuse before sending. The credential is not needed for the checks.
            var problems = PairingResolver.Validate(resolved)
                .Where(p => inputs.Credential != null || !p.StartsWith(CredentialProblem, StringComparison.Ordinal)).ToList();
            Add(Input, problems.Count == 0 ? SrmCheckResult.Passed : SrmCheckResult.Failed,
                problems.Count == 0 ? "The pairing input is complete." : string.Join(" ", problems));

            // NotSelf
            var hasGuid = !string.IsNullOrWhiteSpace(spec.VcGuid);
            if (remote != null && (ReferenceEquals(remote, local) || (remote.SrmId != null && string.Equals(remote.SrmId, local.SrmId, StringComparison.OrdinalIgnoreCase))))
            {
                Add(NotSelf, SrmCheckResult.Failed, $"-RemoteConnection {remote} is the SRM server of this site ({local}); a site cannot pair with itself.");
            }
            else if (!hasGuid)
            {
                Add(NotSelf, SrmCheckResult.Skipped, "No remote vCenter GUID to compare.");
            }
            else if (PairingSpecValidator.SameGuid(spec.VcGuid, local.VcGuid))
            {
                Add(NotSelf, SrmCheckResult.Failed, $"{spec.VcGuid} is the vCenter Server of {local} itself ({local.VcName}); a site cannot pair with itself.");
            }
            else
            {
                Add(NotSelf, SrmCheckResult.Passed, $"{spec.VcGuid} is not the vCenter Server of {local} ({local.VcGuid}).");
            }

            // NotPaired
            if (!hasGuid)
            {
                Add(NotPaired, SrmCheckResult.Skipped, "No remote vCenter GUID to look for.");
            }
            else
            {
                try
                {
                    var existing = (await Pairings(cancellationToken).ConfigureAwait(false))
                        .FirstOrDefault(p => !p.IsSelf && PairingSpecValidator.SameGuid(p.RemoteVcGuid, spec.VcGuid));
                    Add(NotPaired, existing == null ? SrmCheckResult.Passed : SrmCheckResult.Failed, existing == null
                        ? $"{local} is not paired with vCenter Server {spec.VcGuid}."
                        : $"{local} is already paired with vCenter Server {spec.VcGuid}: pairing {existing.PairingId}.");
                }
                catch (SrmApiException ex)
                {
                    Add(NotPaired, SrmCheckResult.Failed, $"The pairings of {local} could not be read: {ex.Message}");
                }
            }

            // RemotePscReachable, RemotePscThumbprint
            SrmCertificateInfo? psc = null;
            string? pscLabel = null;
            if (SrmText.IsBlank(spec.PscUrl))
            {
                Add(RemotePscReachable, SrmCheckResult.Skipped, "No remote PSC address to try.");
            }
            else
            {
                try
                {
                    var endpoint = SrmEndpoint.Parse(spec.PscUrl, spec.PscPort);
                    pscLabel = Label(endpoint.Host, endpoint.Port);
                    psc = await probe(endpoint.Host, endpoint.Port, ProbeTimeout, cancellationToken).ConfigureAwait(false);
                    Add(RemotePscReachable, SrmCheckResult.Passed,
                        $"{pscLabel} answers TLS with the certificate {psc.Subject} (SHA-1 {psc.Sha1Thumbprint}, SHA-256 {psc.Sha256Thumbprint}).");
                }
                catch (Exception ex) when (ex is ArgumentException || ex is SrmApiException || ex is SrmTlsHandshakeException)
                {
                    Add(RemotePscReachable, SrmCheckResult.Failed, $"The remote PSC does not answer from here: {ex.Message} " +
                        "SRM reaches it from the SRM appliance, whose network and name resolution may differ from this computer's.");
                }
            }

            if (SrmText.IsBlank(spec.PscThumbprint))
            {
                Add(RemotePscThumbprint, SrmCheckResult.Skipped, "No -RemotePscThumbprint given; SRM relies on its own trust of the PSC's certificate.");
            }
            else if (psc == null || pscLabel == null)
            {
                Add(RemotePscThumbprint, SrmCheckResult.Skipped, "The remote PSC's certificate could not be read, so the thumbprint was not compared.");
            }
            else
            {
                AddMatch(RemotePscThumbprint, psc, pscLabel, spec.PscThumbprint, "-RemotePscThumbprint");
            }

            // RemoteSrmThumbprint
            if (SrmText.IsBlank(spec.SrmThumbprint))
            {
                Add(RemoteSrmThumbprint, SrmCheckResult.Skipped, remote == null
                    ? "No -RemoteSrmThumbprint given; SRM finds and trusts the remote SRM server through its vCenter Server."
                    : $"No -RemoteSrmThumbprint given; New-SrmPairing reads it from {spec.SrmUrl}.");
            }
            else if (SrmText.IsBlank(spec.SrmUrl))
            {
                Add(RemoteSrmThumbprint, SrmCheckResult.Skipped, "No remote SRM address to read the certificate from.");
            }
            else
            {
                try
                {
                    var endpoint = SrmEndpoint.Parse(spec.SrmUrl);
                    var srm = await probe(endpoint.Host, endpoint.Port, ProbeTimeout, cancellationToken).ConfigureAwait(false);
                    AddMatch(RemoteSrmThumbprint, srm, Label(endpoint.Host, endpoint.Port), spec.SrmThumbprint, "-RemoteSrmThumbprint");
                }
                catch (Exception ex) when (ex is ArgumentException || ex is SrmApiException || ex is SrmTlsHandshakeException)
                {
                    Add(RemoteSrmThumbprint, SrmCheckResult.Failed, $"The remote SRM server's certificate could not be read: {ex.Message}");
                }
            }

            // RemoteVcGuid, ExtensionKey: only a remote connection knows them.
            if (remote == null)
            {
                Add(RemoteVcGuid, SrmCheckResult.Skipped, "No -RemoteConnection to compare with.");
                Add(ExtensionKey, SrmCheckResult.Skipped, "No -RemoteConnection to compare with.");
                return checks;
            }

            var from = PairingResolver.RemoteLabel(remote);
            if (string.IsNullOrWhiteSpace(inputs.VcGuid))
            {
                Add(RemoteVcGuid, SrmCheckResult.Skipped, $"No -RemoteVcGuid given; New-SrmPairing takes {remote.VcGuid} from {from}'s /server/info.");
            }
            else if (PairingSpecValidator.SameGuid(spec.VcGuid, remote.VcGuid))
            {
                Add(RemoteVcGuid, SrmCheckResult.Passed, $"-RemoteVcGuid {spec.VcGuid} is the vCenter Server of {from} ({remote.VcName}).");
            }
            else
            {
                Add(RemoteVcGuid, SrmCheckResult.Failed, $"-RemoteVcGuid {spec.VcGuid} is not the vCenter Server of {from}, which is {remote.VcGuid} ({remote.VcName}).");
            }

            if (string.IsNullOrEmpty(local.ExtensionKey) || string.IsNullOrEmpty(remote.ExtensionKey))
            {
                Add(ExtensionKey, SrmCheckResult.Skipped, "One of the SRM servers reported no extension key.");
            }
            else if (string.Equals(local.ExtensionKey, remote.ExtensionKey, StringComparison.Ordinal))
            {
                Add(ExtensionKey, SrmCheckResult.Passed, $"Both SRM servers have the extension key {local.ExtensionKey}.");
            }
            else
            {
                Add(ExtensionKey, SrmCheckResult.Failed, $"{local} has the extension key {local.ExtensionKey} but {from} has {remote.ExtensionKey}; " +
                    "SRM pairs only servers with the same extension key.");
            }

            return checks;

            void AddMatch(string name, SrmCertificateInfo certificate, string where, string expected, string parameter)
            {
                if (certificate.Matches(expected))
                {
                    Add(name, SrmCheckResult.Passed, $"The certificate of {where} matches {parameter}.");
                }
                else
                {
                    Add(name, SrmCheckResult.Failed, $"The certificate of {where} ({certificate.Subject}; SHA-1 {certificate.Sha1Thumbprint}, " +
                        $"SHA-256 {certificate.Sha256Thumbprint}) does not match {parameter} {expected.Trim()}.");
                }
            }
        }

        private Task<IReadOnlyList<SrmPairing>> Pairings(CancellationToken cancellationToken)
        {
            // One check at a time per instance (a pipeline runs one RunAsync after another), so no lock.
            if (_pairings == null || _pairings.IsFaulted || _pairings.IsCanceled)
            {
                _pairings = _getPairings(cancellationToken);
            }

            return _pairings;
        }

        private static string Label(string host, int port) =>
            (host.IndexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
