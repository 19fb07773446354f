namespace Srm.Client.Models
{
    /// <summary>A vCenter Server or SRM server taking part in a pairing.</summary>
    public sealed class SrmServerInfo
    {
        /// <summary>A server as the API describes it.</summary>
        public SrmServerInfo(string? id, string? name, string? url, string? serverStatus, string? version)
        {
            Id = id;
            Name = name;
            Url = url;
            ServerStatus = serverStatus;
            Version = version;
        }

        /// <summary>The server's id; for a vCenter Server this is its instance GUID.</summary>
        public string? Id { get; }

        /// <summary>The server's name.</summary>
        public string? Name { get; }

        /// <summary>The server's address.</summary>
        public string? Url { get; }

        /// <summary>OK, WARNING or ERROR.</summary>
        public string? ServerStatus { get; }

        /// <summary>The server's version.</summary>
        public string? Version { get; }

        /// <summary>The name, else the id.</summary>
        public override string ToString() => Name ?? Id ?? string.Empty;
    }
}
