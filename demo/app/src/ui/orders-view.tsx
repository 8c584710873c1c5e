/** Orders table: create, change status, delete. Rows change when the server's event arrives. */
import { useState, type FormEvent } from 'react';
import { ORDER_STATUSES, isOrderStatus } from '../model/order';
import type { OrdersModel } from '../state/use-orders-model';

export function OrdersView({ model }: { model: OrdersModel }) {
  const [customer, setCustomer] = useState('');
  const [amount, setAmount] = useState('');
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const value = Number(amount);
    if (customer.trim() === '' || !Number.isFinite(value)) return;
    void model.create({ customer: customer.trim(), amount: value }).then(() => {
      setCustomer('');
      setAmount('');
    });
  };
  return (
    <section>
      <h1>Orders</h1>
      <form className="new-order" onSubmit={submit} data-testid="new-order">
        <input
          aria-label="Customer"
          placeholder="Customer"
          value={customer}
          onChange={(e) => setCustomer(e.target.value)}
        />
        <input
          aria-label="Amount"
          placeholder="Amount"
          inputMode="decimal"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
        />
        <button type="submit">Create order</button>
      </form>
      {model.error !== null ? (
        <p className="error" role="alert">
          {model.error}
        </p>
      ) : null}
      {model.loading ? <p className="muted">Loading…</p> : null}
      <table className="orders" data-testid="orders-table">
        <thead>
          <tr>
            <th>Id</th>
            <th>Customer</th>
            <th>Amount</th>
            <th>Status</th>
            <th>Updated</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {model.orders.map((order) => (
            <tr key={order.id} data-testid={`order-${order.id}`}>
              <td>{order.id}</td>
              <td>{order.customer}</td>
              <td>{order.amount.toFixed(2)}</td>
              <td>
                <select
                  aria-label={`Status of ${order.id}`}
                  value={order.status}
                  onChange={(e) =>
                    isOrderStatus(e.target.value) && void model.setStatus(order.id, e.target.value)
                  }
                >
                  {ORDER_STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {s}
                    </option>
                  ))}
                </select>
              </td>
              <td>{new Date(order.updatedAt).toLocaleTimeString()}</td>
              <td>
                <button
                  type="button"
                  onClick={() => void model.remove(order.id)}
                  aria-label={`Delete ${order.id}`}
                >
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
