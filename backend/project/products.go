package project

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/agented/agented/backend/db"
)

const productColumns = `p.id, p.name, p.description, p.created_at, p.updated_at,
	(SELECT COUNT(*) FROM projects j WHERE j.product_id = p.id)`

func scanProduct(row interface{ Scan(...any) error }) (Product, error) {
	var p Product
	err := row.Scan(&p.ID, &p.Name, &p.Description, &p.CreatedAt, &p.UpdatedAt, &p.ProjectCount)
	return p, err
}

// Products returns every product by name, with how many projects each groups.
func (s *Service) Products(ctx context.Context) ([]Product, error) {
	rows, err := s.db.Reader.QueryContext(ctx, `SELECT `+productColumns+` FROM products p ORDER BY p.name COLLATE NOCASE, p.id`)
	if err != nil {
		return nil, fmt.Errorf("list products: %w", err)
	}
	defer rows.Close()
	out := []Product{}
	for rows.Next() {
		p, err := scanProduct(rows)
		if err != nil {
			return nil, fmt.Errorf("list products: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Product returns one product.
func (s *Service) Product(ctx context.Context, id string) (Product, error) {
	return s.getProduct(ctx, s.db.Reader, id)
}

func (s *Service) getProduct(ctx context.Context, h db.Handler, id string) (Product, error) {
	p, err := scanProduct(h.QueryRowContext(ctx, `SELECT `+productColumns+` FROM products p WHERE p.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Product{}, fmt.Errorf("%w: %s", ErrProductNotFound, id)
	}
	if err != nil {
		return Product{}, fmt.Errorf("read product: %w", err)
	}
	return p, nil
}

// CreateProduct validates and stores a new product.
func (s *Service) CreateProduct(ctx context.Context, in ProductInput) (Product, error) {
	normalizeProduct(&in)
	if err := validateProduct(in).Err(); err != nil {
		return Product{}, err
	}
	id, now := db.NewID("prod-"), db.Now()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO products(id, name, description, created_at, updated_at) VALUES(?,?,?,?,?)`,
			id, in.Name, in.Description, now, now)
		return nameTaken("product", db.WrapError(err))
	})
	if err != nil {
		return Product{}, err
	}
	s.log.InfoContext(ctx, "product created", "product_id", id)
	s.changed()
	return s.Product(ctx, id)
}

// UpdateProduct renames or re-describes a product.
func (s *Service) UpdateProduct(ctx context.Context, id string, in ProductInput) (Product, error) {
	normalizeProduct(&in)
	if _, err := s.getProduct(ctx, s.db.Reader, id); err != nil {
		return Product{}, err
	}
	if err := validateProduct(in).Err(); err != nil {
		return Product{}, err
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE products SET name = ?, description = ?, updated_at = ? WHERE id = ?`,
			in.Name, in.Description, db.Now(), id)
		return nameTaken("product", db.WrapError(err))
	})
	if err != nil {
		return Product{}, err
	}
	s.log.InfoContext(ctx, "product updated", "product_id", id)
	s.changed()
	return s.Product(ctx, id)
}

// DeleteProduct removes a product; its projects stay, belonging to no product.
func (s *Service) DeleteProduct(ctx context.Context, id string) error {
	if _, err := s.getProduct(ctx, s.db.Reader, id); err != nil {
		return err
	}
	if err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM products WHERE id = ?`, id)
		return err
	}); err != nil {
		return fmt.Errorf("delete product: %w", err)
	}
	s.log.InfoContext(ctx, "product deleted", "product_id", id)
	s.changed()
	return nil
}
