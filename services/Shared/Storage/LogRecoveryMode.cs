namespace Recommender.Storage;

/// <summary>
/// What opening a log does when it finds damage that is not a torn tail. A torn tail (an
/// incomplete or invalid last batch with nothing valid after it, which a crash during a write
/// leaves behind) is always cut off, because that batch was never acknowledged.
/// </summary>
public enum LogRecoveryMode
{
    /// <summary>
    /// The default: throw <see cref="LogCorruptedException"/> naming the file and offset, touching
    /// nothing, because records after the damage were acknowledged and must not vanish silently.
    /// </summary>
    Strict = 0,

    /// <summary>
    /// Keep the valid prefix: cut the damaged segment at the first invalid batch and set aside
    /// everything after it (the cut bytes go to <c>&lt;segment&gt;.corrupt-&lt;offset&gt;</c>, later
    /// segments are renamed <c>.discarded</c>), log an error, and continue. For an operator who has
    /// decided to accept the loss.
    /// </summary>
    DiscardFromCorruption = 1,
}
