namespace Srm.Client.Models
{
    /// <summary>How a preflight check ended. No value is zero, so that no result reads as $false by accident.</summary>
    public enum SrmCheckResult
    {
        Passed = 1,

        Failed = 2,

        /// <summary>The check did not apply (say, no thumbprint was given to compare) or could not run.</summary>
        Skipped = 3,
    }

    /// <summary>One check of Test-SrmPairing: its name, how it ended and why.</summary>
    public sealed class SrmPairingCheck
    {
        public SrmPairingCheck(string name, SrmCheckResult result, string message, string target)
        {
            Name = name;
            Result = result;
            Message = message;
            Target = target;
        }

        /// <summary>Input, NotSelf, NotPaired, RemotePscReachable, RemotePscThumbprint, RemoteSrmThumbprint, RemoteVcGuid or ExtensionKey.</summary>
        public string Name { get; }

        public SrmCheckResult Result { get; }

        public string Message { get; }

        /// <summary>The pairing the check is about: "vCenter &lt;guid&gt; via &lt;psc&gt;:&lt;port&gt;".</summary>
        public string Target { get; }

        public override string ToString() => $"{Name}: {Result}. {Message}";
    }
}
