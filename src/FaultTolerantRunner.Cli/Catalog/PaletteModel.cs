namespace FaultTolerantRunner.Cli.Catalog;

/// <summary>The answer of <c>GET /api/commands</c>, as the client reads it.</summary>
public sealed record CatalogModel(IReadOnlyList<PaletteModel> Palettes);

/// <summary>A palette the node serves.</summary>
public sealed record PaletteModel(string Name, string Description, IReadOnlyList<CommandModel> Commands);

/// <summary>A command of a palette and the HTTP call it maps to.</summary>
public sealed record CommandModel(
    string Name,
    string Description,
    string Method,
    string Route,
    IReadOnlyList<InputModel> Inputs,
    string Mode = "Request",
    string? AlternateRoute = null,
    string? AlternateMethod = null,
    string? Help = null,
    IReadOnlyList<string>? Columns = null);

/// <summary>An argument or switch of a command and where its value goes.</summary>
public sealed record InputModel(
    string Name,
    string Kind,
    string Type,
    string Location,
    string Description,
    bool Required,
    string? Alias,
    string Target);
