// Placeholder entry point until the service host from the foundation issue is wired in.
namespace Recommender.Gateway;

public static class Program
{
    public static int Main() => 0;
}
