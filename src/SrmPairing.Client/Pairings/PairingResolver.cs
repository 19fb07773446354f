using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Tasks;
using Srm.Client.Certificates;
using Srm.Client.Http;
using Srm.Client.Models;

namespace Srm.Client.Pairings
{
    /// <summary>
    /// The one builder of a <see cref="PairingSpec"/>, used by New-SrmPairing, Repair-SrmPairing, Test-SrmPairing
    /// (through <see cref="PairingPreflight"/>) and by programs: <see cref="PairingInputs"/> in,
    /// <see cref="ResolvedPairing.Spec"/> out. Explicit values always win; with a remote connection the missing ones
    /// are derived from it, and <see cref="ResolvedPairing.Notes"/> says where each value came from. The steps are
    /// <see cref="Resolve"/> (sends nothing), <see cref="Validate"/> (every problem, none of them a value still to be
    /// read) and <see cref="AddThumbprintsAsync"/> (reads the certificates of the remote SRM server and PSC in TLS
    /// handshakes, no HTTP request); <see cref="ResolveAsync"/> takes all three.
    /// </summary>
    public static class PairingResolver
    {
        /// <summary>How long reading the remote SRM server's certificate may take.</summary>
        public static readonly TimeSpan SrmProbeTimeout = TimeSpan.FromSeconds(15);

        /// <summary>How long reading the PSC's certificate may take; it is optional, so a short wait.</summary>
        public static readonly TimeSpan PscProbeTimeout = TimeSpan.FromSeconds(5);

        /// <summary>
        /// The values known without sending anything: explicit ones, checked and put in canonical form by
        /// <see cref="PairingSpecValidator"/> (a problem leaves the value as given and is in
        /// <see cref="ResolvedPairing.InputProblems"/>), and what the remote connection read at login.
        /// </summary>
        public static ResolvedPairing Resolve(PairingInputs inputs)
        {
            if (inputs == null)
            {
                throw new ArgumentNullException(nameof(inputs));
            }

            var remote = inputs.RemoteConnection;
            var from = remote == null ? null : RemoteLabel(remote);
            var resolved = new ResolvedPairing(new PairingSpec { PscCredential = inputs.Credential }, remote);
            var spec = resolved.Spec;
            var explicitValues = Check(inputs, resolved, out var portFromUrl);

            spec.PscPort = explicitValues.PscPort ?? PairingSpec.DefaultPscPort;
            spec.VcGuid = Pick(resolved, "pair_vc_guid", explicitValues.VcGuid, "-RemoteVcGuid",
                PairingSpecValidator.NormalizeGuid(remote?.VcGuid) ?? remote?.VcGuid, $"{from}'s /server/info (vc_guid)");
            if (remote != null && Given(explicitValues.VcGuid) && !string.IsNullOrEmpty(remote.VcGuid) &&
                !PairingSpecValidator.SameGuid(explicitValues.VcGuid, remote.VcGuid))
            {
                resolved.AddWarning($"-RemoteVcGuid {explicitValues.VcGuid} is not the vCenter Server of {from} ({remote.VcGuid}); -RemoteVcGuid is used.");
            }

            spec.PscUrl = Pick(resolved, "url", explicitValues.PscUrl, "-RemotePscUrl", remote?.VcName,
                $"{from}'s /server/info (vc_name; give -RemotePscUrl when the PSC is not the vCenter Server)");
            if (remote != null)
            {
                resolved.AddNote(portFromUrl ? $"port {spec.PscPort} from -RemotePscUrl"
                    : explicitValues.PscPort.HasValue ? $"port {spec.PscPort} from -RemotePscPort" : $"port {spec.PscPort} (the default)");
            }

            spec.SrmUrl = Pick(resolved, "pair_srm_url", explicitValues.SrmUrl, "-RemoteSrmUrl", remote?.Address, $"the connection to {from}");
            spec.SrmThumbprint = Pick(resolved, "pair_srm_thumbprint", explicitValues.SrmThumbprint, "-RemoteSrmThumbprint", null, null);
            spec.PscThumbprint = Pick(resolved, "thumbprint", explicitValues.PscThumbprint, "-RemotePscThumbprint", null, null);
            resolved.DeriveSrmThumbprint = remote != null && spec.SrmThumbprint == null && spec.SrmUrl != null;
            resolved.DerivePscThumbprint = remote != null && spec.PscThumbprint == null && spec.PscUrl != null;
            return resolved;
        }

        /// <summary>
        /// The input problems of the resolved spec: those of <see cref="ResolvedPairing.InputProblems"/>, then those of
        /// <see cref="PairingSpec.Validate(bool)"/>, told whether the remote SRM thumbprint is still to be read by
        /// <see cref="AddThumbprintsAsync"/> (<see cref="ResolvedPairing.DeriveSrmThumbprint"/>). Empty: the spec may
        /// be completed and sent.
        /// </summary>
        public static IReadOnlyList<string> Validate(ResolvedPairing resolved)
        {
            if (resolved == null)
            {
                throw new ArgumentNullException(nameof(resolved));
            }

            var problems = new List<string>(resolved.InputProblems);
            problems.AddRange(resolved.Spec.Validate(srmThumbprintToBeProbed: resolved.DeriveSrmThumbprint));
            return problems;
        }

        /// <summary>
        /// The whole path from inputs to a spec ready for <see cref="SrmPairingOperations.CreateAsync"/> or
        /// <see cref="SrmPairingOperations.ReconnectAsync"/>: <see cref="Resolve"/>, <see cref="Validate"/>, then
        /// <see cref="AddThumbprintsAsync"/>. New-SrmPairing takes the same steps one by one, so that -WhatIf and
        /// -Confirm come before any certificate is read.
        /// </summary>
        /// <param name="inputs">The explicit values and, optionally, the remote connection.</param>
        /// <param name="probe">Reads a certificate; <see cref="CertificateProbe.Default"/> when null.</param>
        /// <param name="cancellationToken">Cancels the certificate reads.</param>
        /// <returns>The resolved pairing: <see cref="ResolvedPairing.Spec"/> complete, with its notes and warnings.</returns>
        /// <exception cref="ArgumentException">The inputs have problems (all of them in the message); nothing was read.</exception>
        /// <exception cref="SrmApiException">The SRM certificate could not be read, or it is not the one pinned for the remote connection.</exception>
        /// <exception cref="SrmTlsHandshakeException">The remote SRM address does not speak TLS.</exception>
        public static async Task<ResolvedPairing> ResolveAsync(PairingInputs inputs, CertificateProbeFunc? probe, CancellationToken cancellationToken)
        {
            var resolved = Resolve(inputs);
            var problems = Validate(resolved);
            if (problems.Count > 0)
            {
                throw new ArgumentException(string.Join(" ", problems), nameof(inputs));
            }

            await AddThumbprintsAsync(resolved, probe, cancellationToken).ConfigureAwait(false);
            return resolved;
        }

        /// <summary>
        /// The explicit values (blank ones as not given), each checked: valid ones in canonical form, a PSC port named
        /// in -RemotePscUrl moved to the port; refused ones as given (a URL without its user and password).
        /// </summary>
        private static PairingInputs Check(PairingInputs inputs, ResolvedPairing resolved, out bool portFromUrl)
        {
            portFromUrl = false;
            var checkedValues = new PairingInputs
            {
                PscUrl = Blank(inputs.PscUrl),
                PscPort = inputs.PscPort,
                PscThumbprint = Blank(inputs.PscThumbprint),
                VcGuid = Blank(inputs.VcGuid),
                SrmUrl = Blank(inputs.SrmUrl),
                SrmThumbprint = Blank(inputs.SrmThumbprint),
            };

            if (checkedValues.PscPort.HasValue)
            {
                resolved.AddProblem(PairingSpecValidator.CheckPort(checkedValues.PscPort.Value));
            }

            if (checkedValues.PscUrl != null)
            {
                var problem = PairingSpecValidator.CheckAddress(inputs.PscUrl, PairingSpecValidator.PscUrlLabel, out var host, out var urlPort);
                if (problem == null && urlPort.HasValue && checkedValues.PscPort.HasValue && urlPort.Value != checkedValues.PscPort.Value)
                {
                    problem = $"{PairingSpecValidator.PscUrlLabel} names the port {urlPort.Value} but {PairingSpecValidator.PscPortLabel} is {checkedValues.PscPort.Value}; give the port once.";
                }

                if (problem == null)
                {
                    checkedValues.PscUrl = host;
                    if (urlPort.HasValue)
                    {
                        portFromUrl = !checkedValues.PscPort.HasValue;
                        checkedValues.PscPort = urlPort;
                    }
                }
                else
                {
                    resolved.AddProblem(problem);
                    checkedValues.PscUrl = PairingSpecValidator.Redact(checkedValues.PscUrl);
                }
            }

            if (checkedValues.SrmUrl != null)
            {
                // Sent as given: whether SRM wants a host name or a URL there is open, and both forms are accepted.
                var problem = PairingSpecValidator.CheckAddress(inputs.SrmUrl, PairingSpecValidator.SrmUrlLabel, out _, out _);
                if (problem != null)
                {
                    resolved.AddProblem(problem);
                    checkedValues.SrmUrl = PairingSpecValidator.Redact(checkedValues.SrmUrl);
                }
            }

            if (checkedValues.VcGuid != null)
            {
                resolved.AddProblem(PairingSpecValidator.CheckGuid(checkedValues.VcGuid, out var guid));
                checkedValues.VcGuid = guid ?? checkedValues.VcGuid;
            }

            if (checkedValues.PscThumbprint != null)
            {
                resolved.AddProblem(PairingSpecValidator.CheckThumbprint(checkedValues.PscThumbprint, PairingSpecValidator.PscThumbprintLabel, out var thumbprint));
                checkedValues.PscThumbprint = thumbprint ?? checkedValues.PscThumbprint;
            }

            if (checkedValues.SrmThumbprint != null)
            {
                resolved.AddProblem(PairingSpecValidator.CheckThumbprint(checkedValues.SrmThumbprint, PairingSpecValidator.SrmThumbprintLabel, out var thumbprint));
                checkedValues.SrmThumbprint = thumbprint ?? checkedValues.SrmThumbprint;
            }

            return checkedValues;
        }

        private static string? Blank(string? value) => SrmText.IsBlank(value) ? null : value.Trim();

        /// <summary>
        /// Reads the thumbprints that were neither given nor known: the remote SRM server's (required; its failure
        /// is thrown) and the PSC's (optional; skipped with a note when it cannot be read). Both are SHA-1, the form
        /// every SRM version accepts in a PairingSpec.
        /// </summary>
        /// <exception cref="SrmApiException">The SRM certificate could not be read, or it is not the one pinned for the remote connection (CertificateNotTrusted).</exception>
        /// <exception cref="SrmTlsHandshakeException">The remote SRM address does not speak TLS.</exception>
        public static async Task AddThumbprintsAsync(ResolvedPairing resolved, CertificateProbeFunc? probe, CancellationToken cancellationToken)
        {
            if (resolved == null)
            {
                throw new ArgumentNullException(nameof(resolved));
            }

            probe = probe ?? CertificateProbe.Default;
            var spec = resolved.Spec;
            var remote = resolved.RemoteConnection;
            // Resolve derives a thumbprint only for an address it set; a caller may have cleared that since.
            var srmUrl = spec.SrmUrl;
            if (resolved.DeriveSrmThumbprint && srmUrl != null)
            {
                var endpoint = SrmEndpoint.Parse(srmUrl);
                var certificate = await probe(endpoint.Host, endpoint.Port, SrmProbeTimeout, cancellationToken).ConfigureAwait(false);
                var ownEndpoint = remote != null && string.Equals(endpoint.Host, remote.Server, StringComparison.OrdinalIgnoreCase) && endpoint.Port == remote.Port;
                var why = Vouch(certificate, ownEndpoint ? remote : null);
                spec.SrmThumbprint = certificate.Sha1Thumbprint;
                resolved.AddNote($"pair_srm_thumbprint {certificate.Sha1Thumbprint} (SHA-1) from a TLS handshake with {Label(endpoint.Host, endpoint.Port)}{why}");
            }

            // Read, or nothing left to read it from.
            resolved.DeriveSrmThumbprint = false;
            if (resolved.DerivePscThumbprint)
            {
                resolved.DerivePscThumbprint = false;
                SrmEndpoint psc;
                try
                {
                    // A cleared address is refused as an empty one, and noted.
                    psc = SrmEndpoint.Parse(spec.PscUrl ?? string.Empty, spec.PscPort);
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

            string Vouch(SrmCertificateInfo certificate, SrmConnection? connection)
            {
                var options = connection?.Client.Options;
                var pinned = options?.CertificateThumbprint;
                if (connection != null && !SrmText.IsBlank(pinned))
                {
                    if (!certificate.Matches(pinned))
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

        private static string? Pick(ResolvedPairing resolved, string field, string? given, string parameter, string? derived, string? source)
        {
            if (Given(given))
            {
                if (resolved.RemoteConnection != null)
                {
                    resolved.AddNote($"{field} {given.Trim()} from {parameter}");
                }

                return given.Trim();
            }

            if (!SrmText.IsBlank(derived) && resolved.RemoteConnection != null)
            {
                if (source != null)
                {
                    resolved.AddNote($"{field} {derived} from {source}");
                }

                return derived.Trim();
            }

            return null;
        }

        private static bool Given([NotNullWhen(true)] string? value) => !SrmText.IsBlank(value);

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
        private readonly List<string> _problems = new List<string>();

        internal ResolvedPairing(PairingSpec spec, SrmConnection? remoteConnection)
        {
            Spec = spec;
            RemoteConnection = remoteConnection;
        }

        /// <summary>The spec, as far as it could be resolved.</summary>
        public PairingSpec Spec { get; }

        /// <summary>The connection to the remote SRM server the values were derived from, or null.</summary>
        public SrmConnection? RemoteConnection { get; }

        /// <summary>One line per value: "pair_vc_guid 7d3c... from srm-b.example.com's /server/info (vc_guid)".</summary>
        public IReadOnlyList<string> Notes => _notes;

        /// <summary>What the administrator should know before pairing: a certificate nothing vouches for, a GUID that differs.</summary>
        public IReadOnlyList<string> Warnings => _warnings;

        /// <summary>
        /// The explicit values <see cref="PairingSpecValidator"/> refused, each naming its parameter; nothing may be
        /// sent, probed or looked up for them while there are any.
        /// </summary>
        public IReadOnlyList<string> InputProblems => _problems;

        /// <summary>True while the remote SRM thumbprint is still to be read by <see cref="PairingResolver.AddThumbprintsAsync"/>.</summary>
        public bool DeriveSrmThumbprint { get; internal set; }

        /// <summary>True while the PSC thumbprint is still to be read (it is optional).</summary>
        public bool DerivePscThumbprint { get; internal set; }

        internal void AddNote(string note) => _notes.Add(note);

        internal void AddWarning(string warning) => _warnings.Add(warning);

        internal void AddProblem(string? problem)
        {
            if (problem != null)
            {
                _problems.Add(problem);
            }
        }
    }
}
