namespace ClientConsole;

/// <summary>The console's options: --name value pairs and the passwords from the environment.</summary>
internal sealed class CommandLine
{
    public const string Usage =
        "usage: ClientConsole --server <host[:port]> (--thumbprint <sha1|sha256> | --skip-certificate-check)\n" +
        "           --remote-psc <host> [--remote-psc-port <port>] --remote-psc-thumbprint <sha1|sha256>\n" +
        "           --remote-vc-guid <guid> [--user <name>] [--remote-user <name>] [--timeout-minutes <n>]\n" +
        "       passwords: SRM_PASSWORD, SRM_REMOTE_PASSWORD (default: SRM_PASSWORD)";

    private const string DefaultUser = "administrator@vsphere.local";

    public string Server { get; private set; } = "";
    public string? Thumbprint { get; private set; }
    public bool SkipCertificateCheck { get; private set; }
    public string User { get; private set; } = DefaultUser;
    public string Password { get; private set; } = "";
    public string RemotePsc { get; private set; } = "";
    public int RemotePscPort { get; private set; } = 443;
    public string? RemotePscThumbprint { get; private set; }
    public string RemoteVcGuid { get; private set; } = "";
    public string RemoteUser { get; private set; } = DefaultUser;
    public string RemotePassword { get; private set; } = "";
    public TimeSpan Timeout { get; private set; } = TimeSpan.FromMinutes(10);

    /// <exception cref="ArgumentException">An unknown option, a missing value or a missing password.</exception>
    public static CommandLine Parse(string[] args)
    {
        var options = new CommandLine();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name == "--skip-certificate-check")
            {
                options.SkipCertificateCheck = true;
                continue;
            }

            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"'{name}' needs a value.");
            }

            var value = args[++i];
            switch (name)
            {
                case "--server": options.Server = value; break;
                case "--thumbprint": options.Thumbprint = value; break;
                case "--user": options.User = value; break;
                case "--remote-psc": options.RemotePsc = value; break;
                case "--remote-psc-port": options.RemotePscPort = ParseNumber(name, value, 1, 65535); break;
                case "--remote-psc-thumbprint": options.RemotePscThumbprint = value; break;
                case "--remote-vc-guid": options.RemoteVcGuid = value; break;
                case "--remote-user": options.RemoteUser = value; break;
                case "--timeout-minutes": options.Timeout = TimeSpan.FromMinutes(ParseNumber(name, value, 1, 1440)); break;
                default: throw new ArgumentException($"unknown option '{name}'.");
            }
        }

        foreach (var (value, name) in new[] { (options.Server, "--server"), (options.RemotePsc, "--remote-psc"), (options.RemoteVcGuid, "--remote-vc-guid") })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new ArgumentException($"{name} is missing.");
            }
        }

        options.Password = Environment.GetEnvironmentVariable("SRM_PASSWORD") ?? "";
        if (options.Password.Length == 0)
        {
            throw new ArgumentException("SRM_PASSWORD is not set.");
        }

        var remote = Environment.GetEnvironmentVariable("SRM_REMOTE_PASSWORD");
        options.RemotePassword = string.IsNullOrEmpty(remote) ? options.Password : remote;
        return options;
    }

    private static int ParseNumber(string name, string value, int min, int max)
    {
        if (!int.TryParse(value, out var number) || number < min || number > max)
        {
            throw new ArgumentException($"{name} must be a number from {min} to {max}.");
        }

        return number;
    }
}
