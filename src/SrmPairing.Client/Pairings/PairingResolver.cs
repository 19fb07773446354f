using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using SrmPairing.Certificates;
using SrmPairing.Http;
using SrmPairing.Models;

namespace SrmPairing.Pairings
{
    /// <summary>
    /// Turns <see cref="PairingInputs"/> into a <see cref="PairingSpec"/>: explicit values always win; with a remote
    /// connection the missing ones are derived from it, and <see cref="ResolvedPairing.Notes"/> says where each value
    /// came from. <see cref="Resolve"/> sends nothing; <see cref="AddThumbprintsAsync"/> reads the certificates of
    /// the remote SRM server and PSC in TLS handshakes (no HTTP request).
    /// </summary>
    public static class PairingResolver
    {
        /// <summary>How long reading the remote SRM server's certificate may take.</summary>
        public static readonly TimeSpan SrmProbeTimeout = TimeSpan.FromSeconds(15);

        /// <summary>How long reading the PSC's certificate may take; it is optional, so a short wait.</summary>
        public static readonly TimeSpan PscProbeTimeout = TimeSpan.FromSeconds(5);

        /// <summary>The values known without sending anything: explicit ones, and what the remote connection read at login.</summary>
        public static ResolvedPairing Resolve(PairingInputs inputs)
        {
            if (inputs == null)
            {
                throw new ArgumentNullException(nameof(inputs));
            }

            var remote = inputs.RemoteConnection;
            var from = remote == null ? null : RemoteLabel(remote);
            var resolved = new ResolvedPairing(new PairingSpec
            {
                PscCredential = inputs.Credential,
                PscPort = inputs.PscPort ?? PairingSpec.DefaultPscPort,
            }, remote);
            var spec = resolved.Spec;

            spec.VcGuid = Pick(resolved, "pair_vc_guid", inputs.VcGuid, "-RemoteVcGuid", remote?.VcGuid, $"{from}'s /server/info (vc_guid)");
            if (remote != null && Given(inputs.VcGuid) && !string.IsNullOrEmpty(remote.VcGuid) &&
                !string.Equals(inputs.VcGuid.Trim(), remote.VcGuid, StringComparison.OrdinalIgnoreCase))
            {
                resolved.AddWarning($"-RemoteVcGuid {inputs.VcGuid.Trim()} is not the vCenter Server of {from} ({remote.VcGuid}); -RemoteVcGuid is used.");
            }

            spec.PscUrl = Pick(resolved, "url", inputs.PscUrl, "-RemotePscUrl", remote?.VcName,
                $"{from}'s /server/info (vc_name; give -RemotePscUrl when the PSC is not the vCenter Server)");
            if (remote != null)
            {
                resolved.AddNote(inputs.PscPort.HasValue ? $"port {spec.PscPort} from -RemotePscPort" : $"port {spec.PscPort} (the default)");
            }

            spec.SrmUrl = Pick(resolved, "pair_srm_url", inputs.SrmUrl, "-RemoteSrmUrl", remote?.Address, $"the connection to {from}");
            spec.SrmThumbprint = Pick(resolved, "pair_srm_thumbprint", inputs.SrmThumbprint, "-RemoteSrmThumbprint", null, null);
            spec.PscThumbprint = Pick(resolved, "thumbprint", inputs.PscThumbprint, "-RemotePscThumbprint", null, null);
            resolved.DeriveSrmThumbprint = remote != null && spec.SrmThumbprint == null && spec.SrmUrl != null;
            resolved.DerivePscThumbprint = remote != null && spec.PscThumbprint == null && spec.PscUrl != null;
            return resolved;
        }

        /// <summary>
        /// The input problems of the resolved spec (as <see cref="PairingSpec.Validate"/>), counting a thumbprint
        /// that <see cref="AddThumbprintsAsync"/> is still to read as given.
        /// </summary>
        public static IReadOnlyList<string> Validate(ResolvedPairing resolved)
        {
            var spec = resolved.Spec;
            if (!resolved.DeriveSrmThumbprint)
            {
                return spec.Validate();
            }

            var copy = new PairingSpec
            {
                PscUrl = spec.PscUrl,
                PscPort = spec.PscPort,
                PscThumbprint = spec.PscThumbprint,
                PscCredential = spec.PscCredential,
                VcGuid = spec.VcGuid,
                SrmUrl = spec.SrmUrl,
                SrmThumbprint = "pending",
            };
            return copy.Validate();
        }

        /// <summary>
        /// Reads the thumbprints that were neither given nor known: the remote SRM server's (required; its failure
        /// is thrown) and the PSC's (optional; skipped with a note when it cannot be read). Both are SHA-1, the form
        /// every SRM version accepts in a PairingSpec.
        /// </summary>
        /// <exception cref="SrmApiException">The SRM certificate could not be read, or it is not the one pinned for the remote connection (CertificateNotTrusted).</exception>
        /// <exception cref="SrmTlsHandshakeException">The remote SRM address does not speak TLS.</exception>
        public static async Task AddThumbprintsAsync(ResolvedPairing resolved, CertificateProbeFunc probe, CancellationToken cancellationToken)
        {
            probe = probe ?? CertificateProbe.Default;
            var spec = resolved.Spec;
            var remote = resolved.RemoteConnection;
            if (resolved.DeriveSrmThumbprint)
            {
                var endpoint = SrmEndpoint.Parse(spec.SrmUrl);
                var certificate = await probe(endpoint.Host, endpoint.Port, SrmProbeTimeout, cancellationToken).ConfigureAwait(false);
                var ownEndpoint = remote != null && string.Equals(endpoint.Host, remote.Server, StringComparison.OrdinalIgnoreCase) && endpoint.Port == remote.Port;
                var why = Vouch(certificate, ownEndpoint ? remote : null);
                spec.SrmThumbprint = certificate.Sha1Thumbprint;
                resolved.DeriveSrmThumbprint = false;
                resolved.AddNote($"pair_srm_thumbprint {certificate.Sha1Thumbprint} (SHA-1) from a TLS handshake with {Label(endpoint.Host, endpoint.Port)}{why}");
            }

            if (resolved.DerivePscThumbprint)
            {
                resolved.DerivePscThumbprint = false;
                SrmEndpoint psc;
                try
                {
                    psc = SrmEndpoint.Parse(spec.PscUrl, spec.PscPort);
                }
                catch (ArgumentException ex)
                {
                    resolved.AddNote($"thumbprint: not read ({ex.Message}); SRM relies on its own trust of the PSC's certificate.");
                    return;
                }

                try
                {
                    var certificate = await probe(psc.Host, psc.Port, PscProbeTimeout, cancellationToken).ConfigureAwait(false);
                    var why = Vouch(certificate, null);
                    spec.PscThumbprint = certificate.Sha1Thumbprint;
                    resolved.AddNote($"thumbprint {certificate.Sha1Thumbprint} (SHA-1) from a TLS handshake with {Label(psc.Host, psc.Port)}{why}");
                }
                catch (Exception ex) when (ex is SrmApiException || ex is SrmTlsHandshakeException)
                {
                    resolved.AddNote($"thumbprint: not read, {ex.Message.TrimEnd('.')}; it is left out, so SRM relies on its own trust of the PSC's certificate.");
                }
            }

            string Vouch(SrmCertificateInfo certificate, SrmConnection connection)
            {
                var options = connection?.Client.Options;
                if (options != null && !string.IsNullOrWhiteSpace(options.CertificateThumbprint))
                {
                    if (!certificate.Matches(options.CertificateThumbprint))
                    {
                        throw new SrmApiException(SrmErrorKind.CertificateNotTrusted, "TLS", Label(certificate.Server, certificate.Port),
                            $"{Label(certificate.Server, certificate.Port)} now presents a certificate (subject {certificate.Subject}, SHA-256 {certificate.Sha256Thumbprint}) " +
                            $"that is not the one pinned for the connection to {RemoteLabel(connection)} with -CertificateThumbprint. Nothing was sent; compare the " +
                            "certificate out of band, or give -RemoteSrmThumbprint.");
                    }

                    return ", the certificate pinned for that connection";
                }

                if (certificate.IsTrusted)
                {
                    return ", a certificate this computer trusts";
                }

                resolved.AddWarning(
                    $"The certificate of {Label(certificate.Server, certificate.Port)} ({certificate.Subject}, SHA-256 {certificate.Sha256Thumbprint}) is not trusted by this computer" +
                    (options != null && options.SkipCertificateCheck ? " and its connection skips certificate checks" : string.Empty) +
                    ", so nothing vouches for its thumbprint: compare it with the appliance's own (console or VAMI) before pairing.");
                return ", a certificate nothing vouches for";
            }
        }

        private static string Pick(ResolvedPairing resolved, string field, string given, string parameter, string derived, string source)
        {
            if (Given(given))
            {
                if (resolved.RemoteConnection != null)
                {
                    resolved.AddNote($"{field} {given.Trim()} from {parameter}");
                }

                return given.Trim();
            }

            if (!string.IsNullOrWhiteSpace(derived) && resolved.RemoteConnection != null)
            {
                if (source != null)
                {
                    resolved.AddNote($"{field} {derived} from {source}");
                }

                return derived.Trim();
            }

            return null;
        }

        private static bool Given(string value) => !string.IsNullOrWhiteSpace(value);

        internal static string RemoteLabel(SrmConnection connection) =>
            string.IsNullOrEmpty(connection.Name) ? connection.ToString() : connection.Name;

        private static string Label(string host, int port) =>
            (host.IndexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /// <summary>The spec <see cref="PairingResolver"/> made, and where each of its values came from.</summary>
    public sealed class ResolvedPairing
    {
        private readonly List<string> _notes = new List<string>();
        private readonly List<string> _warnings = new List<string>();

        internal ResolvedPairing(PairingSpec spec, SrmConnection remoteConnection)
        {
            Spec = spec;
            RemoteConnection = remoteConnection;
        }

        public PairingSpec Spec { get; }

        public SrmConnection RemoteConnection { get; }

        /// <summary>One line per value: "pair_vc_guid 7d3c... from srm-b.example.com's /server/info (vc_guid)".</summary>
        public IReadOnlyList<string> Notes => _notes;

        /// <summary>What the administrator should know before pairing: a certificate nothing vouches for, a GUID that differs.</summary>
        public IReadOnlyList<string> Warnings => _warnings;

        /// <summary>True while the remote SRM thumbprint is still to be read by <see cref="PairingResolver.AddThumbprintsAsync"/>.</summary>
        public bool DeriveSrmThumbprint { get; internal set; }

        /// <summary>True while the PSC thumbprint is still to be read (it is optional).</summary>
        public bool DerivePscThumbprint { get; internal set; }

        internal void AddNote(string note) => _notes.Add(note);

        internal void AddWarning(string warning) => _warnings.Add(warning);
    }
}
