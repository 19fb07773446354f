namespace Srm.Client.Models
{
    /// <summary>How a preflight check ended. No value is zero, so that no result reads as $false by accident.</summary>
    public enum SrmCheckResult
    {
        /// <summary>The check passed.</summary>
        Passed = 1,

        /// <summary>The check failed: pairing would fail, or pair the wrong site.</summary>
        Failed = 2,

        /// <summary>The check did not apply (say, no thumbprint was given to compare) or could not run.</summary>
        Skipped = 3,
    }

    /// <summary>One check of Test-SrmPairing: its name, how it ended and why.</summary>
    public sealed class SrmPairingCheck
    {
        /// <summary>One check's outcome.</summary>
        public SrmPairingCheck(string name, SrmCheckResult result, string message, string target)
        {
            Name = name;
            Result = result;
            Message = message;
            Target = target;
        }

        /// <summary>Input, NotSelf, NotPaired, RemotePscReachable, RemotePscThumbprint, RemoteSrmThumbprint, RemoteVcGuid or ExtensionKey.</summary>
        public string Name { get; }

        /// <summary>How the check ended.</summary>
        public SrmCheckResult Result { get; }

        /// <summary>Why it ended so, in a sentence or two.</summary>
        public string Message { get; }

        /// <summary>The pairing the check is about: "vCenter &lt;guid&gt; via &lt;psc&gt;:&lt;port&gt;".</summary>
        public string Target { get; }

        /// <summary>"Name: Result. Message".</summary>
        public override string ToString() => $"{Name}: {Result}. {Message}";
    }
}
