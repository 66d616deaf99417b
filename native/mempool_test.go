package native

import "testing"

func TestMemoryPoolSharesTheBudgetAmongTasks(t *testing.T) {
	pool := NewMemoryPool(1000)
	a := pool.NewTask("a")
	ra := a.NewReservation("Sort")
	if !ra.TryGrow(900) {
		t.Fatal("a lone task may use the whole budget")
	}
	if ra.TryGrow(200) {
		t.Fatal("grew beyond the budget")
	}
	b := pool.NewTask("b")
	rb := b.NewReservation("HashAggregate")
	if rb.TryGrow(200) {
		t.Fatal("the pool has only 100 bytes left")
	}
	ra.Shrink(500) // a holds 400
	if !rb.TryGrow(500) {
		t.Fatal("b may take half of the budget")
	}
	if rb.TryGrow(1) {
		t.Fatal("b may not exceed its half while a holds memory")
	}
	if ra.TryGrow(200) {
		t.Fatal("a may not exceed its half either (400+200 > 500)")
	}
	if !ra.TryGrow(100) || ra.Size() != 500 || ra.Peak() != 900 {
		t.Fatalf("a: size %d peak %d", ra.Size(), ra.Peak())
	}
	if pool.Reserved() != 1000 {
		t.Fatalf("reserved %d", pool.Reserved())
	}
	ra.Free()
	if left := a.Close(); left != 0 {
		t.Fatalf("a leaked %d", left)
	}
	if !rb.TryGrow(500) {
		t.Fatal("with a gone, b may use the whole budget")
	}
	// A task that ends holding a reservation gives it back on Close.
	if left := b.Close(); left != 1000 || pool.Reserved() != 0 {
		t.Fatalf("b left %d, pool reserved %d", left, pool.Reserved())
	}
	if !ra.TryGrow(0) || ra.TryGrow(-5) != true {
		t.Fatal("growing by nothing always succeeds")
	}
}

func TestUnlimitedMemoryPool(t *testing.T) {
	pool := NewMemoryPool(0)
	r := pool.NewTask("t").NewReservation("Sort")
	if !r.TryGrow(1 << 50) {
		t.Fatal("an unlimited pool refused")
	}
	if err := r.RefusedError(5); err == nil {
		t.Fatal("no error text")
	}
	r.Free()
}

// A task limited to what Spark granted it is refused beyond that, even when the
// budget (here unlimited) would allow more, and the refusal costs nothing.
func TestMemoryPoolTaskLimit(t *testing.T) {
	for _, budget := range []int64{0, 1 << 20} {
		pool := NewMemoryPool(budget)
		task := pool.NewTaskLimited("t1", 1000)
		r := task.NewReservation("Sort")
		if !r.TryGrow(600) || !r.TryGrow(400) {
			t.Fatalf("budget %d: refused within the limit", budget)
		}
		if r.TryGrow(1) {
			t.Fatalf("budget %d: granted beyond the task's limit", budget)
		}
		if r.Size() != 1000 || pool.Reserved() != 1000 {
			t.Fatalf("budget %d: size %d, pool %d after a refusal", budget, r.Size(), pool.Reserved())
		}
		r.Shrink(500)
		if !r.TryGrow(500) {
			t.Fatalf("budget %d: refused after shrinking", budget)
		}
		r.Free()
		if left := task.Close(); left != 0 {
			t.Fatalf("budget %d: %d bytes left", budget, left)
		}
	}
}
