using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using Srm.Client.Models;

namespace Srm.PowerShell.Commands
{
    /// <summary>
    /// The items of one kind this process has seen lately, per connection, newest first: what tab completion offers.
    /// Fed wherever a cmdlet emits such an item; bounded, and never filled from the network. One item per key: a
    /// newer snapshot replaces the older one.
    /// </summary>
    internal sealed class SrmRecent<T> where T : class
    {
        // Weak keys: a connection nobody references any more takes its items with it.
        private readonly ConditionalWeakTable<SrmConnection, List<T>> _byConnection = new ConditionalWeakTable<SrmConnection, List<T>>();
        private readonly Func<T, SrmConnection?> _connectionOf;
        private readonly Func<T, string?> _keyOf;

        internal SrmRecent(int capacity, Func<T, SrmConnection?> connectionOf, Func<T, string?> keyOf)
        {
            Capacity = capacity;
            _connectionOf = connectionOf;
            _keyOf = keyOf;
        }

        /// <summary>How many items are kept per connection.</summary>
        internal int Capacity { get; }

        /// <summary>Puts the items first, in the order given; an item without a connection or a key is ignored.</summary>
        internal void Remember(IEnumerable<T?>? items)
        {
            foreach (var item in (items ?? Enumerable.Empty<T?>()).Reverse())
            {
                if (item == null || !(_connectionOf(item) is SrmConnection connection) || !(_keyOf(item) is string key))
                {
                    continue;
                }

                var list = _byConnection.GetValue(connection, _ => new List<T>());
                lock (list)
                {
                    list.RemoveAll(t => string.Equals(_keyOf(t), key, StringComparison.Ordinal));
                    list.Insert(0, item);
                    if (list.Count > Capacity)
                    {
                        list.RemoveRange(Capacity, list.Count - Capacity);
                    }
                }
            }
        }

        /// <summary>The latest snapshot of each item seen on <paramref name="connection"/>, newest first.</summary>
        internal IReadOnlyList<T> For(SrmConnection? connection)
        {
            if (connection == null || !_byConnection.TryGetValue(connection, out var list))
            {
                return new T[0];
            }

            lock (list)
            {
                return list.ToList();
            }
        }

        /// <summary>Forgets the item with this key on <paramref name="connection"/>, if it is kept.</summary>
        internal void Drop(SrmConnection? connection, string? key)
        {
            if (connection == null || key == null || !_byConnection.TryGetValue(connection, out var list))
            {
                return;
            }

            lock (list)
            {
                list.RemoveAll(t => string.Equals(_keyOf(t), key, StringComparison.Ordinal));
            }
        }

        /// <summary>Forgets everything kept for <paramref name="connection"/> (it was closed).</summary>
        internal void Forget(SrmConnection? connection)
        {
            if (connection != null)
            {
                _byConnection.Remove(connection);
            }
        }
    }
}
