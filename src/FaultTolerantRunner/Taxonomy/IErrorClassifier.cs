namespace FaultTolerantRunner.Taxonomy;

/// <summary>Maps an error to its <see cref="Classification"/>; a pure function, tested without an ActorSystem.</summary>
public interface IErrorClassifier
{
    Classification Classify(ErrorFacts facts);

    Classification Classify(Exception error) => Classify(ErrorFacts.From(error));
}
