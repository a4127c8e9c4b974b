using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Recommender.Hosting.Configuration;

/// <summary>
/// One way every process binds a configuration section: an unknown key or an invalid value fails at
/// once with a message naming it (so a typo never silently falls back to a default), and again at
/// start through <c>ValidateOnStart</c>, for sources added after registration.
/// </summary>
public static class ValidatedOptions
{
    /// <summary>
    /// Binds <paramref name="section"/> onto a new <typeparamref name="T"/>, validates it, registers it
    /// (as itself and as <see cref="IOptions{T}"/>) and returns it. Throws <see cref="InvalidOperationException"/>
    /// "<c>{service}: invalid configuration in section '{section}': ...</c>".
    /// </summary>
    public static T AddValidatedOptions<T>(this IServiceCollection services, IConfiguration configuration, string service, string section, Action<T> validate)
        where T : class, new()
    {
        var options = Bind(configuration, service, section, validate);
        services.AddSingleton(options);
        services.AddOptions<T>()
            .Bind(configuration.GetSection(section), binder => binder.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>>(new ThrowingValidation<T>(validate));
        return options;
    }

    /// <summary>Binds and validates without registering (for settings the host itself needs before the container exists).</summary>
    public static T Bind<T>(IConfiguration configuration, string service, string section, Action<T> validate) where T : class, new()
    {
        var options = new T();
        try
        {
            configuration.GetSection(section).Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
            validate(options);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
        {
            var detail = e.InnerException is { } inner && e is InvalidOperationException ? $"{e.Message} ({inner.Message})" : e.Message;
            throw new InvalidOperationException($"{service}: invalid configuration in section '{section}': {detail}", e);
        }
        return options;
    }

    /// <summary>
    /// For a section that several options types share: throws when a key (at any depth) is a property
    /// of none of them, naming the key. Dictionaries and lists are not looked into.
    /// </summary>
    public static void RejectUnknownKeys(IConfigurationSection section, string service, params Type[] types)
    {
        foreach (var child in section.GetChildren())
        {
            var property = types
                .Select(t => t.GetProperty(child.Key, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase))
                .FirstOrDefault(p => p is not null)
                ?? throw new InvalidOperationException($"{service}: invalid configuration: '{child.Path}' is not a known setting.");
            var type = property.PropertyType;
            if (type.IsClass && type != typeof(string) && !typeof(System.Collections.IEnumerable).IsAssignableFrom(type))
            {
                RejectUnknownKeys(child, service, type);
            }
        }
    }

    private sealed class ThrowingValidation<T>(Action<T> validate) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            try
            {
                validate(options);
                return ValidateOptionsResult.Success;
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException)
            {
                return ValidateOptionsResult.Fail(e.Message);
            }
        }
    }
}
