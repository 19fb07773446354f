namespace Srm.Client.Models
{
    /// <summary>Why a task ended in ERROR, as the server reported it.</summary>
    public sealed class SrmTaskError
    {
        public SrmTaskError(string message, string details)
        {
            Message = message;
            Details = details;
        }

        public string Message { get; }

        public string Details { get; }

        public override string ToString()
        {
            if (string.IsNullOrEmpty(Details) || Details == Message)
            {
                return Message ?? string.Empty;
            }

            return string.IsNullOrEmpty(Message) ? Details : Message + " " + Details;
        }
    }
}
