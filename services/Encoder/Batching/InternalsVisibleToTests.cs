using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Recommender.Encoder.Tests")]
