// Placeholder entry point until the service host from the foundation issue is wired in.
namespace Recommender.CandidateRetrieval;

public static class Program
{
    public static int Main() => 0;
}
