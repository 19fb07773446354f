namespace Srm.Client.Models
{
    /// <summary>A vCenter Server or SRM server taking part in a pairing.</summary>
    public sealed class SrmServerInfo
    {
        public SrmServerInfo(string id, string name, string url, string serverStatus, string version)
        {
            Id = id;
            Name = name;
            Url = url;
            ServerStatus = serverStatus;
            Version = version;
        }

        /// <summary>The server's id; for a vCenter Server this is its instance GUID.</summary>
        public string Id { get; }

        public string Name { get; }

        public string Url { get; }

        /// <summary>OK, WARNING or ERROR.</summary>
        public string ServerStatus { get; }

        public string Version { get; }

        public override string ToString() => Name ?? Id ?? string.Empty;
    }
}
