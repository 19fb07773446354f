namespace Srm.Client.Models
{
    /// <summary>Why a task ended in ERROR, as the server reported it.</summary>
    public sealed class SrmTaskError
    {
        /// <summary>The server's message and details of a failed task.</summary>
        public SrmTaskError(string? message, string? details)
        {
            Message = message;
            Details = details;
        }

        /// <summary>The server's message.</summary>
        public string? Message { get; }

        /// <summary>The server's details, when it gave any.</summary>
        public string? Details { get; }

        /// <summary>The message and the details.</summary>
        public override string ToString()
        {
            if (string.IsNullOrEmpty(Details) || Details == Message)
            {
                return Message ?? string.Empty;
            }

            return string.IsNullOrEmpty(Message) ? Details ?? string.Empty : Message + " " + Details;
        }
    }
}
